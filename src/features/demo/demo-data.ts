/**
 * The demo crisis. Fictional people only; real places. Written by the Lifeline project and
 * licensed with it (AGPL-3.0-or-later). Later modules add their part of the demo here.
 */
import type { CrisisCreate } from '../crises/crises.schemas.ts';

export const demoCrises: CrisisCreate[] = [
  {
    slug: 'sudan-conflict-demo',
    name: 'Sudan conflict (demo)',
    type: 'conflict',
    status: 'current',
    affectedCountries: ['SD', 'TD', 'EG', 'SS'],
    startDate: '2026-04-15',
    description:
      'Demonstration crisis. Fighting in Khartoum and Omdurman has trapped migrant workers, students and refugees ' +
      'from Ethiopia, Eritrea, South Sudan, the Philippines and elsewhere. Crossings to Egypt at Argeen and Qustul, ' +
      'to Chad at Adré, and evacuation through Port Sudan. All people in this demo are fictional.',
  },
  {
    slug: 'lebanon-escalation-demo',
    name: 'Lebanon escalation (demo)',
    type: 'conflict',
    status: 'ongoing',
    affectedCountries: ['LB', 'SY'],
    startDate: '2026-09-23',
    description:
      'Demonstration crisis. Migrant domestic workers in Beirut left by employers, some with passports held. ' +
      'All people in this demo are fictional.',
  },
  {
    slug: 'sylhet-floods-demo',
    name: 'Sylhet floods (demo)',
    type: 'flood',
    status: 'past',
    affectedCountries: ['BD', 'IN'],
    startDate: '2025-06-16',
    endDate: '2025-08-30',
    description: 'Demonstration crisis, closed. All people in this demo are fictional.',
  },
];
