import { useQuery } from '@tanstack/react-query';
import { api, must, type GetData } from './api/client.ts';

export type Crisis = GetData<'/api/crises'>['items'][number];

export function useCrises() {
  return useQuery({ queryKey: ['crises'], queryFn: () => must(api.GET('/api/crises', { params: { query: { limit: 200 } } })), staleTime: 300_000 });
}
