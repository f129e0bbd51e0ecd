/** Read-only code lists with labels in the shipped languages, for forms and filters. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { gmgCategories } from '../activities/gmg-categories.ts';
import { serviceKinds } from '../directory/directory-codes.ts';
import { crisisStatuses, crisisTypes } from './crisis-types.ts';

const lists: Record<string, Record<string, Record<string, string>>> = {
  'crisis-types': crisisTypes,
  'crisis-statuses': crisisStatuses,
  'service-kinds': serviceKinds,
  // GMG categories carry their phase beside the English label (the source document is in English only).
  'activity-categories': Object.fromEntries(Object.entries(gmgCategories).map(([code, c]) => [code, { en: c.en, phase: c.phase }])),
};

const Item = z.object({ code: z.string(), labels: z.record(z.string(), z.string()) });

export const codeListsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:list',
    {
      schema: {
        tags: ['code-lists'],
        summary: 'One code list with its labels',
        params: z.strictObject({ list: z.string().max(60) }),
        response: { 200: z.object({ list: z.string(), items: z.array(Item) }) },
      },
    },
    async (request) => {
      const entries = lists[request.params.list];
      if (!entries) throw AppError.notFound(`Code list "${request.params.list}"`);
      return {
        list: request.params.list,
        items: Object.entries(entries).map(([code, labels]) => ({ code, labels })),
      };
    },
  );
};
