/**
 * The public crisis map: GET /api/public/crises/<slug>/map (JSON), /api/public/crises/<slug>/map.csv (HXL-tagged
 * CSV of the same counts) and the no-JavaScript page /c/<slug>/map (a list by area, in four languages). Counts only,
 * under 5 withheld; service places without safe houses; no report's point, ever.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { hxlTable, toCsv } from '../../shared/hxl.ts';
import { findCrisisBySlug } from '../crises/crises.repo.ts';
import { serviceKinds } from '../directory/directory-codes.ts';
import { type Html, html, page } from '../public/html.ts';
import { pickLanguage, type PublicLanguage } from '../public/strings.ts';
import { needLabel as labelOf, type NeedList, needList } from '../triage/needs.ts';
import { mapText as t } from './public-map-strings.ts';
import { type PublicMap, publicMap } from './public-map.service.ts';

const SlugParams = z.strictObject({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be a crisis slug (a-z, 0-9 and -)') });
const Count = z.number().nullable().describe('null when withheld (under 5, or hidden so that others cannot reveal one)');
const Place = z.object({ lat: z.number(), lon: z.number() });
const PublicMapResponse = z.object({
  crisis: z.object({ slug: z.string(), name: z.string() }),
  threshold: z.number(),
  total: Count,
  countries: z.array(z.string().nullable()).describe('Countries with reports (headings of the area list)'),
  areas: z.array(z.object({ country: z.string().nullable(), admin1: z.string().nullable(), count: Count, centre: Place.nullable().describe('A label position rounded to 0.1 degree, for published areas only') })),
  weeks: z.array(z.object({ week: z.string().describe('Monday of the week (UTC)'), count: Count })),
  categories: z.array(z.object({ category: z.string(), count: Count })),
  services: z.array(z.object({ name: z.string(), kind: z.string(), organization: z.string(), place: z.string().nullable(), country: z.string().nullable(), admin1: z.string().nullable(), latitude: z.number(), longitude: z.number() })),
  evacuationPoints: z.array(z.object({ name: z.string(), kind: z.string(), country: z.string().nullable(), admin1: z.string().nullable(), latitude: z.number(), longitude: z.number() })),
});

const publicLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
/** Most service places the page lists (the services page has them all). */
const PAGE_SERVICES = 150;

async function crisisOf(app: { db: Parameters<typeof findCrisisBySlug>[0] }, slug: string) {
  const crisis = /^[a-z0-9-]{1,80}$/.test(slug) ? await findCrisisBySlug(app.db, slug) : undefined;
  return crisis?.slug ? { id: crisis.id, slug: crisis.slug, name: crisis.name } : undefined;
}

export const publicMapApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:slug/map',
    { config: publicLimit, schema: { tags: ['public'], summary: 'Public crisis map: counts per area, week and need (under 5 withheld), public services and evacuation points', params: SlugParams, response: { 200: PublicMapResponse, ...errorResponses, 404: ErrorResponse } } },
    async (request, reply) => {
      const crisis = await crisisOf(app, request.params.slug);
      if (!crisis) throw AppError.notFound('Crisis');
      return reply.header('cache-control', 'public, max-age=60').send(await publicMap(app.db, crisis));
    },
  );

  app.get(
    '/crises/:slug/map.csv',
    { config: publicLimit, schema: { tags: ['public'], summary: 'Public counts per admin 1 area as HXL-tagged CSV (#affected+migrants); a withheld count is an empty cell', params: SlugParams, response: { 200: z.string(), ...errorResponses, 404: ErrorResponse } } },
    async (request, reply) => {
      const crisis = await crisisOf(app, request.params.slug);
      if (!crisis) throw AppError.notFound('Crisis');
      const map = await publicMap(app.db, crisis);
      const columns = [{ header: 'Crisis', tag: '#crisis+code' }, { header: 'Country', tag: '#country+code' }, { header: 'Admin 1', tag: '#adm1+name' }, { header: 'Reports', tag: '#affected+migrants' }];
      const rows = map.areas.map((a) => [crisis.slug, a.country ?? '', a.admin1 ?? '', a.count === null ? '' : a.count]);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${crisis.slug}-map-hxl.csv"`).send(toCsv(hxlTable(columns, rows)));
    },
  );
};

function renderCount(count: number | null, language: PublicLanguage): Html {
  return count === null ? html`<em>${t('hidden', language)}</em>` : html`<strong>${count.toLocaleString(`${language}-u-nu-latn`)}</strong>`;
}

function renderMap(map: PublicMap, language: PublicLanguage, needs: NeedList): Html {
  const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  const country = (code: string | null): string => (code ? (regions.of(code) ?? code) : t('unknownCountry', language));
  const kinds = serviceKinds as Record<string, Record<PublicLanguage, string>>;
  const needLabel = (code: string): string => labelOf(needs, code, language);
  const areas = map.countries.map((c) => {
    const rows = map.areas.filter((a) => a.country === c);
    return html`<h3>${country(c)}</h3>${rows.length ? html`<ul>${rows.map((a) => html`<li><bdi>${a.admin1 ?? t('unknownArea', language)}</bdi>: ${renderCount(a.count, language)}</li>`)}</ul>` : ''}`;
  });
  const date = new Intl.DateTimeFormat(`${language}-u-nu-latn`, { dateStyle: 'medium', timeZone: 'UTC' });
  const services = map.services.slice(0, PAGE_SERVICES);
  return html`<h1>${t('title', language)}</h1>
<p class="small">${map.crisis.name}</p>
<p>${t('intro', language)}</p>
<p class="small">${t('suppressed', language)}</p>
${map.countries.length === 0 ? html`<p>${t('none', language)}</p>` : html`<p>${t('total', language, { n: map.total === null ? t('hidden', language) : map.total })}</p>
<h2>${t('byArea', language)}</h2>${areas}
<h2>${t('byWeek', language)}</h2><ul>${map.weeks.map((w) => html`<li><time datetime="${w.week}">${t('weekOf', language, { date: date.format(new Date(`${w.week}T00:00:00Z`)) })}</time>: ${renderCount(w.count, language)}</li>`)}</ul>
<h2>${t('byNeed', language)}</h2><ul>${map.categories.map((c) => html`<li>${needLabel(c.category)}: ${renderCount(c.count, language)}</li>`)}</ul>`}
${map.evacuationPoints.length ? html`<h2>${t('evacuation', language)}</h2><ul>${map.evacuationPoints.map((p) => html`<li><bdi>${p.name}</bdi>${p.admin1 ? html` · <bdi>${p.admin1}</bdi>` : ''} · ${country(p.country)}</li>`)}</ul>` : ''}
<h2>${t('services', language)}</h2>
<p class="small">${t('safeHouses', language)}</p>
<ul>${services.map((s) => html`<li><bdi>${s.name}</bdi> (${(kinds[s.kind] ?? kinds.other)?.[language] ?? s.kind})${s.admin1 ? html` · <bdi>${s.admin1}</bdi>` : ''}</li>`)}</ul>
<p><a href="/c/${map.crisis.slug}/services?lang=${language}">${t('allServices', language)}</a></p>`;
}

export const publicMapPageRoutes: FastifyPluginAsync = async (app) => {
  function send(reply: FastifyReply, status: number, language: PublicLanguage, body: Html, slug?: string) {
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', status === 404 ? 'no-store' : 'public, max-age=60')
      .header('vary', 'accept-language')
      .send(page({ language, title: t('title', language), body, ...(slug ? { languageLinks: (l: PublicLanguage) => `/c/${slug}/map?lang=${l}` } : {}) }));
  }

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/c/:slug/map', { config: publicLimit, schema: { hide: true } }, async (request, reply) => {
    const lang = request.query.lang;
    const language = pickLanguage(typeof lang === 'string' ? lang : undefined, request.headers['accept-language']);
    const crisis = await crisisOf(app, request.params.slug);
    if (!crisis) return send(reply, 404, language, html`<h1>${t('notFound', language)}</h1>`);
    return send(reply, 200, language, renderMap(await publicMap(app.db, crisis), language, await needList(app.db)), crisis.slug);
  });
};
