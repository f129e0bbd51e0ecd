/**
 * The public tracing page: /c/<crisis slug>/tracing. Server-rendered, no JavaScript, in English, French, Arabic
 * (right to left) and Spanish. A relative searches by name and learns only whether there may be a match, never whose
 * or any detail; they can leave a "looking for" request with a phone number Lifeline contacts them on (kept in the
 * identity store, never shown), with their consent recorded. Rate limited per address like the SOS form, with a
 * signed form token and a honeypot. The request belongs to the organisation running the crisis's web channel.
 */
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { safeEqual } from '../../shared/crypto.ts';
import { findCrisisBySlug } from '../crises/crises.repo.ts';
import { normalisePhone } from '../intake/normalise.ts';
import { type Html, html, page } from '../public/html.ts';
import { pickLanguage, type PublicLanguage } from '../public/strings.ts';
import { mayHaveMatch } from './match.jobs.ts';
import { tracingStrings, type TracingStringKey } from './public-strings.ts';
import { pfifDomain } from './tracing.routes.ts';
import { newRecordId, storeRecord } from './tracing.service.ts';

const MIN_FORM_AGE_MS = 2000;
const MAX_FORM_AGE_MS = 24 * 3_600_000;
export const PUBLIC_NOTICE_VERSION = 'tracing-public-2026-12';

export function tracingFormToken(key: Buffer, slug: string, issuedAt: number): string {
  return `${issuedAt}.${createHmac('sha256', key).update(`tracing:${slug}:${issuedAt}`).digest('base64url').slice(0, 32)}`;
}

function tokenFresh(key: Buffer, slug: string, token: string, now: number): boolean {
  const [issued, mac] = token.split('.');
  const issuedAt = Number(issued);
  if (!Number.isInteger(issuedAt) || !mac || !safeEqual(token, tracingFormToken(key, slug, issuedAt))) return false;
  return now - issuedAt >= MIN_FORM_AGE_MS && now - issuedAt <= MAX_FORM_AGE_MS;
}

interface Values {
  name: string;
  year: string;
  phone: string;
  place: string;
}

export const publicTracingRoutes: FastifyPluginAsync = async (app) => {
  const t = (key: TracingStringKey, language: PublicLanguage): string => tracingStrings[key][language];

  async function findService(slug: string) {
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
    const crisis = await findCrisisBySlug(app.db, slug);
    if (!crisis) return undefined;
    const channel = await app.db.selectFrom('channels').select(['organisation_id']).where('crisis_id', '=', crisis.id).where('kind', '=', 'web').where('is_active', '=', true).orderBy('created_at').executeTakeFirst();
    return channel ? { crisis, organisationId: channel.organisation_id } : undefined;
  }

  function send(reply: FastifyReply, language: PublicLanguage, slug: string, body: Html, status = 200) {
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .send(page({ language, title: t('title', language), body, languageLinks: (l) => `/c/${slug}/tracing?lang=${l}` }));
  }

  const common = (slug: string, language: PublicLanguage) => html`<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="token" value="${tracingFormToken(app.secretKey, slug, Date.now())}">
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>`;

  const errorList = (errors: TracingStringKey[], language: PublicLanguage) =>
    errors.length ? html`<div class="error" role="alert"><strong>${t('errorTitle', language)}</strong><ul>${errors.map((e) => html`<li>${t(e, language)}</li>`)}</ul></div>` : '';

  function searchForm(slug: string, language: PublicLanguage, values: Partial<Values>) {
    return html`<form method="post" action="/c/${slug}/tracing/search" accept-charset="utf-8">
${common(slug, language)}
<label for="name">${t('nameLabel', language)}</label>
<p class="hint" id="name-hint">${t('nameHint', language)}</p>
<input type="text" id="name" name="name" required maxlength="200" autocomplete="off" aria-describedby="name-hint" value="${values.name ?? ''}">
<label for="year">${t('yearLabel', language)}</label>
<input type="text" id="year" name="year" inputmode="numeric" maxlength="4" dir="ltr" autocomplete="off" value="${values.year ?? ''}">
<button type="submit">${t('search', language)}</button>
</form>`;
  }

  function requestForm(slug: string, language: PublicLanguage, values: Partial<Values>) {
    return html`<h2>${t('requestTitle', language)}</h2>
<form method="post" action="/c/${slug}/tracing/request" accept-charset="utf-8">
${common(slug, language)}
<input type="hidden" name="name" value="${values.name ?? ''}">
<input type="hidden" name="year" value="${values.year ?? ''}">
<label for="place">${t('placeLabel', language)}</label>
<input type="text" id="place" name="place" maxlength="300" autocomplete="off" value="${values.place ?? ''}">
<label for="phone">${t('phoneLabel', language)}</label>
<input type="tel" id="phone" name="phone" required dir="ltr" autocomplete="tel" maxlength="30" value="${values.phone ?? ''}">
<label class="choice"><input type="checkbox" name="consent" value="yes" required> ${t('consent', language)}</label>
<button type="submit">${t('send', language)}</button>
</form>`;
  }

  const notFound = (reply: FastifyReply, language: PublicLanguage) =>
    reply.status(404).type('text/html; charset=utf-8').send(page({ language, title: t('title', language), body: html`<h1>${t('notFound', language)}</h1>` }));

  function readForm(body: unknown): Record<string, string | undefined> {
    if (typeof body !== 'object' || body === null) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as application/x-www-form-urlencoded');
    return body as Record<string, string | undefined>;
  }

  function checkSearch(form: Record<string, string | undefined>): { values: Values; errors: TracingStringKey[] } {
    const values: Values = { name: (form['name'] ?? '').trim().slice(0, 201), year: (form['year'] ?? '').trim().slice(0, 5), phone: (form['phone'] ?? '').trim().slice(0, 30), place: (form['place'] ?? '').trim().slice(0, 300) };
    const errors: TracingStringKey[] = [];
    if (values.name.length < 2 || values.name.length > 200) errors.push('errorName');
    if (values.year && (!/^\d{4}$/.test(values.year) || Number(values.year) < 1900 || Number(values.year) > new Date().getUTCFullYear())) errors.push('errorYear');
    return { values, errors };
  }

  /**
   * What both form posts do first: read the form, pick the language, find the crisis's tracing service (none: the
   * caller answers 404), and check the name, the year and the form token (errors in the order the page lists them).
   */
  async function openForm(request: FastifyRequest<{ Params: { slug: string } }>) {
    const form = readForm(request.body);
    const language = pickLanguage(form['lang'], request.headers['accept-language']);
    const found = await findService(request.params.slug);
    if (!found) return { language, found: undefined };
    const slug = found.crisis.slug;
    const { values, errors } = checkSearch(form);
    if (!tokenFresh(app.secretKey, slug, form['token'] ?? '', Date.now())) errors.unshift('errorExpired');
    return { language, found, form, slug, values, errors };
  }

  app.get<{ Params: { slug: string }; Querystring: { lang?: string } }>('/c/:slug/tracing', { schema: { hide: true } }, async (request, reply) => {
    const language = pickLanguage(request.query.lang, request.headers['accept-language']);
    const found = await findService(request.params.slug);
    if (!found) return notFound(reply, language);
    return send(reply, language, found.crisis.slug, html`<h1>${t('title', language)}</h1><p class="small">${found.crisis.name}</p><p>${t('intro', language)}</p>${searchForm(found.crisis.slug, language, {})}`);
  });

  app.post<{ Params: { slug: string } }>('/c/:slug/tracing/search', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } }, schema: { hide: true } }, async (request, reply) => {
    const opened = await openForm(request);
    if (!opened.found) return notFound(reply, opened.language);
    const { language, found, form, slug, values, errors } = opened;
    if (errors.length > 0) return send(reply, language, slug, html`<h1>${t('title', language)}</h1>${errorList(errors, language)}${searchForm(slug, language, values)}`, 400);
    const maybe = form['website'] ? false : await mayHaveMatch(app.db, found.crisis.id, found.organisationId, { id: 'search', names: [values.name], ...(values.year ? { birthYear: Number(values.year) } : {}) });
    return send(reply, language, slug, html`<h1>${t('title', language)}</h1><p class="${maybe ? 'ok' : ''}">${t(maybe ? 'mayMatch' : 'noMatch', language)}</p>${requestForm(slug, language, values)}`);
  });

  app.post<{ Params: { slug: string } }>('/c/:slug/tracing/request', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } }, schema: { hide: true } }, async (request, reply) => {
    const opened = await openForm(request);
    if (!opened.found) return notFound(reply, opened.language);
    const { language, found, form, slug, values, errors } = opened;
    const phone = normalisePhone(values.phone, found.crisis.affected_countries[0]);
    if (!phone) errors.push('errorPhone');
    if (form['consent'] !== 'yes') errors.push('errorConsent');
    if (errors.length > 0) return send(reply, language, slug, html`<h1>${t('title', language)}</h1>${errorList(errors, language)}${requestForm(slug, language, values)}`, 400);
    if (!form['website']) {
      await app.db.transaction().execute(async (trx) => {
        await storeRecord(trx, {
          crisisId: found.crisis.id, organisationId: found.organisationId, recordId: newRecordId(pfifDomain(app.config)), kind: 'looking_for', legalBasis: 'consent', channel: 'web', collectedBy: null,
          subject: { fullName: values.name, alternateNames: [] }, hasPhotoConsent: false, ...(values.year ? { dateOfBirth: values.year } : {}), ...(values.place ? { lastKnownLocation: values.place } : {}),
          author: { phone, channel: 'web', preferredLanguage: language }, contactConsent: { method: 'web_form', language, noticeVersion: PUBLIC_NOTICE_VERSION },
        }, 'system', String(request.id));
      });
    }
    return send(reply, language, slug, html`<h1>${t('title', language)}</h1><p>${t('thanks', language)}</p><p><a href="/c/${slug}/tracing?lang=${language}">${t('search', language)}</a></p>`, 201);
  });
};
