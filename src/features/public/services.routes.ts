/**
 * The public service directory of a crisis: /c/<crisis slug>/services. Server-rendered, no JavaScript, in English,
 * French, Arabic (right to left) and Spanish. A plain GET form filters by need, kind of service, language, "open
 * now", "has free beds" and name. It is the public view of the directory search: confidential locations (safe
 * houses), and every phone or address tied to one, are never shown.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { findCrisisBySlug } from '../crises/crises.repo.ts';
import { serviceKindCodes, serviceKinds } from '../directory/directory-codes.ts';
import { SearchQuery, type SearchResult } from '../directory/directory.schemas.ts';
import { search } from '../directory/directory.service.ts';
import { publicAddresses, publicPhones, type PublicPhone } from '../directory/public-contacts.repo.ts';
import { macroLanguage, migrantMacroLanguages } from '../triage/language-codes.ts';
import { needLabel, type NeedList, needList } from '../triage/needs.ts';
import { type Html, html, page } from './html.ts';
import { servicesText as t, type ServicesStringKey } from './services-strings.ts';
import { pickLanguage, type PublicLanguage } from './strings.ts';

/** Most services one page lists. */
const PAGE_LIMIT = 100;
const filterKeys = ['need', 'kind', 'language', 'openNow', 'hasBeds', 'q'] as const;
type FilterKey = (typeof filterKeys)[number];
type Filters = Partial<Record<FilterKey, string>>;
const flag = z.enum(['true', 'false']).optional();

/** The filters; a need must be in the code list (read from the database for each page). */
const publicFilters = (needs: NeedList) => z.object({
  need: z.string().refine((code) => needs.byCode.has(code)).optional(),
  kind: z.enum(serviceKindCodes).optional(),
  language: z.string().transform((v) => macroLanguage(v.trim())).pipe(z.enum(migrantMacroLanguages as [string, ...string[]])).optional(),
  openNow: flag,
  hasBeds: flag,
  q: z.string().trim().min(2).max(200).optional(),
});

/** The label that names a filter in an error message. */
const filterLabel: Record<FilterKey, ServicesStringKey> = {
  need: 'needLabel', kind: 'kindLabel', language: 'languageLabel', openNow: 'openNowLabel', hasBeds: 'hasBedsLabel', q: 'nameLabel',
};

/** The filters of the query string, empty form fields left out (a repeated parameter stays a list, and is refused). */
function rawFilters(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of filterKeys) {
    const value = query[key];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    out[key] = value;
  }
  return out;
}

const locale = (language: PublicLanguage): string => `${language}-u-nu-latn`;
/** Arabic separates list items with its own comma. */
const comma = (language: PublicLanguage): string => (language === 'ar' ? '، ' : ', ');

function relativeTime(iso: string, now: Date, language: PublicLanguage): string {
  const minutes = Math.round((Date.parse(iso) - now.getTime()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(Math.round(minutes / 1440), 'day');
}

interface RenderContext {
  needs: NeedList;
  language: PublicLanguage;
  now: Date;
  languageName: (code: string) => string;
  countryName: (code: string) => string;
  phones: Map<string, PublicPhone[]>;
  addresses: Map<string, string[]>;
}

function renderBeds(s: SearchResult, c: RenderContext): Html | string {
  const capacity = s.capacity;
  if (!capacity) return '';
  const { language } = c;
  if (capacity.bedsFree === null) return html`<p>${t('bedsUnknown', language)}</p>`;
  const free = capacity.bedsFree;
  const count = capacity.bedsTotal === null ? t('bedsFree', language, { free }) : t('bedsFreeOf', language, { free, total: capacity.bedsTotal });
  const counted = (iso: string): string => t('counted', language, { when: relativeTime(iso, c.now, language) });
  const when = capacity.updatedAt ? html` (<time datetime="${capacity.updatedAt}">${counted(capacity.updatedAt)}</time>)` : '';
  const stale = capacity.stale !== false ? html`<br><strong>${t('stale', language)}</strong>` : '';
  return html`<p><strong>${count}</strong>${when}${stale}</p>`;
}

function renderPhone(phone: PublicPhone): Html {
  const tel = `${phone.number.replace(/[^\d+]/g, '')}${phone.extension !== null ? `,${phone.extension}` : ''}`;
  const shown = `${phone.number}${phone.extension !== null ? ` (${phone.extension})` : ''}`;
  return html`<a href="tel:${tel}" dir="ltr">${shown}</a>${phone.description ? html` <span class="small">${phone.description}</span>` : ''}`;
}

function renderService(s: SearchResult, c: RenderContext): Html {
  const { language } = c;
  const kind = (serviceKinds as Record<string, Record<PublicLanguage, string>>)[s.kind] ?? serviceKinds.other;
  const needLabels = s.needs.map((n) => needLabel(c.needs, n, language));
  const open = s.openNow === null ? '' : html`<p><strong>${t(s.openNow ? 'openNow' : 'closedNow', language)}</strong></p>`;
  const location = s.location && !s.location.confidential ? s.location : null;
  const country = location?.country ? c.countryName(location.country) : null;
  const place = location ? [location.name, ...(c.addresses.get(location.id) ?? []), location.admin1, country].filter((p): p is string => Boolean(p)) : [];
  // Each part once, whatever its case ("Aswan, Aswan" is one place).
  const where = [...new Map(place.map((p) => [p.toLocaleLowerCase(), p])).values()];
  const phones = c.phones.get(s.serviceId) ?? [];
  // The organisation's name is in its own script and direction: isolate it inside the translated sentence.
  const [before, after] = t('runBy', language).split('{org}');
  const runBy = html`${before}<bdi>${s.organization.name}</bdi>${after}`;
  return html`<article>
<h2 dir="auto">${s.name}</h2>
<p class="small">${kind[language]} · ${runBy}</p>
${s.alert ? html`<p class="danger">${s.alert}</p>` : ''}${open}
${needLabels.length ? html`<p>${t('helpsWith', language)} ${needLabels.join(comma(language))}</p>` : ''}
${s.languages.length ? html`<p>${t('languages', language)} ${s.languages.map(c.languageName).join(comma(language))}</p>` : ''}
${s.servesRegardlessOfStatus ? html`<p><strong>${t('regardless', language)}</strong></p>` : ''}
${s.safeWithoutDocuments ? html`<p>${t('withoutDocuments', language)}</p>` : ''}
${renderBeds(s, c)}
${where.length ? html`<p>${t('place', language)} ${where.map((p, i) => html`${i > 0 ? comma(language) : ''}<bdi>${p}</bdi>`)}</p>` : ''}
${phones.length ? html`<p>${t('phone', language)} ${phones.map((p, i) => html`${i > 0 ? ' · ' : ''}${renderPhone(p)}`)}</p>` : ''}
</article>`;
}

function renderForm(slug: string, language: PublicLanguage, values: Filters, languageName: (code: string) => string, needs: NeedList): Html {
  const on = (name: FilterKey, value: string, attribute: string): Html | string => (values[name] === value ? html` ${attribute}` : '');
  const option = (name: FilterKey, code: string, label: string): Html => html`<option value="${code}"${on(name, code, 'selected')}>${label}</option>`;
  const select = (name: FilterKey, options: Html[]): Html =>
    html`<label for="${name}">${t(filterLabel[name], language)}</label>
<select id="${name}" name="${name}"><option value="">${t('any', language)}</option>${options}</select>`;
  const box = (name: FilterKey): Html =>
    html`<label class="choice"><input type="checkbox" name="${name}" value="true"${on(name, 'true', 'checked')}> ${t(filterLabel[name], language)}</label>`;
  const collator = new Intl.Collator(language);
  const languages = [...migrantMacroLanguages].map((code) => ({ code, name: languageName(code) })).sort((a, b) => collator.compare(a.name, b.name));
  return html`<form method="get" action="/c/${slug}/services" role="search">
<fieldset><legend>${t('filters', language)}</legend>
<input type="hidden" name="lang" value="${language}">
${select('need', needs.active.map((code) => option('need', code, needLabel(needs, code, language))))}
${select('kind', serviceKindCodes.filter((k) => k !== 'safe_house').map((code) => option('kind', code, serviceKinds[code][language])))}
${select('language', languages.map((l) => option('language', l.code, l.name)))}
${box('openNow')}${box('hasBeds')}
<label for="q">${t('nameLabel', language)}</label><input type="text" id="q" name="q" maxlength="200" value="${values.q ?? ''}">
</fieldset>
<button type="submit">${t('search', language)}</button>
</form>`;
}

export const servicesRoutes: FastifyPluginAsync = async (app) => {
  function send(reply: FastifyReply, status: number, language: PublicLanguage, body: Html, links?: (l: PublicLanguage) => string) {
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', status === 404 ? 'no-store' : 'public, max-age=60')
      .header('vary', 'accept-language')
      .send(page({ language, title: t('title', language), body, ...(links ? { languageLinks: links } : {}) }));
  }

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/c/:slug/services', { schema: { hide: true } }, async (request, reply) => {
    const lang = request.query.lang;
    const language = pickLanguage(typeof lang === 'string' ? lang : undefined, request.headers['accept-language']);
    const crisis = /^[a-z0-9-]{1,80}$/.test(request.params.slug) ? await findCrisisBySlug(app.db, request.params.slug) : undefined;
    if (!crisis?.slug) return send(reply, 404, language, html`<h1>${t('notFound', language)}</h1>`);
    const slug = crisis.slug;
    const raw = rawFilters(request.query);
    const values: Filters = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const links = (l: PublicLanguage): string => `/c/${slug}/services?${new URLSearchParams({ ...values, lang: l }).toString()}`;
    const names = new Intl.DisplayNames([language], { type: 'language', fallback: 'code' });
    const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    const languageName = (code: string): string => names.of(code) ?? code;
    const head = html`<h1>${t('title', language)}</h1>
<p class="small">${crisis.name}</p>
<p>${t('intro', language)}</p>
<p class="small">${t('safeHouses', language)}</p>`;

    const needs = await needList(app.db);
    const parsed = publicFilters(needs).safeParse(raw);
    if (!parsed.success) {
      const wrong = [...new Set(parsed.error.issues.map((i) => i.path[0]).filter((k): k is FilterKey => filterKeys.includes(k as FilterKey)))];
      const messages = wrong.map((key) => (key === 'q' ? t('errorName', language) : t('errorFilter', language, { filter: t(filterLabel[key], language) })));
      const items = messages.map((m) => html`<li>${m}</li>`);
      const error = html`<div class="error" role="alert"><strong>${t('errorTitle', language)}</strong><ul>${items}</ul></div>`;
      return send(reply, 400, language, html`${head}${error}${renderForm(slug, language, values, languageName, needs)}`, links);
    }
    const f = parsed.data;
    const now = new Date();
    const query = SearchQuery.parse({
      crisisId: crisis.id, need: f.need, kind: f.kind, language: f.language, openNow: f.openNow, hasBeds: f.hasBeds, q: f.q, limit: PAGE_LIMIT,
    });
    // search() already hides confidential locations from the public; the filter here is a second lock on the same door.
    const results = (await search(app.db, query, undefined, now)).filter((r) => !r.location?.confidential);
    const [phones, addresses] = await Promise.all([
      publicPhones(app.db, results.map((r) => r.serviceId)),
      publicAddresses(app.db, results.flatMap((r) => (r.location ? [r.location.id] : []))),
    ]);
    const context: RenderContext = { needs, language, now, languageName, countryName: (code) => regions.of(code) ?? code, phones, addresses };
    const list = results.length
      ? html`<p>${t('found', language, { n: results.length })}</p>${results.map((r) => renderService(r, context))}`
      : html`<p>${t('none', language)}</p>`;
    return send(reply, 200, language, html`${head}${renderForm(slug, language, values, languageName, needs)}${list}`, links);
  });
};
