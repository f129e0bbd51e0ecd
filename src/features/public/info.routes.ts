/**
 * The public crisis information page: /c/<crisis slug>. Server-rendered, no JavaScript, in every shipped language:
 * the ways to ask for help (the crisis's active public channels and the SOS form), the services page, and what to do.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { findCrisisBySlug } from '../crises/crises.repo.ts';
import { html, page, type Html } from './html.ts';
import { infoStrings, type InfoStringKey } from './info-strings.ts';
import { pickLanguage, type PublicLanguage } from './strings.ts';

const t = (key: InfoStringKey, language: PublicLanguage): string => infoStrings[key][language];
const SMS_KINDS = new Set(['twilio', 'africas_talking', 'vonage', 'external']);

function channelLine(kind: string, address: string, language: PublicLanguage): Html | undefined {
  const ltr = (value: string) => html`<bdi dir="ltr">${value}</bdi>`;
  if (SMS_KINDS.has(kind)) return html`<li>${t('sms', language)}: <a href="sms:${address}">${ltr(address)}</a></li>`;
  if (kind === 'hotline') return html`<li>${t('hotline', language)}: <a href="tel:${address}">${ltr(address)}</a></li>`;
  if (kind === 'whatsapp') return html`<li>${t('whatsapp', language)}: ${ltr(address)}</li>`;
  if (kind === 'telegram') return html`<li>${t('telegram', language)}: ${ltr(address)}</li>`;
  return undefined;
}

export const infoRoutes: FastifyPluginAsync = async (app) => {
  const send = (reply: FastifyReply, status: number, language: PublicLanguage, body: Html, slug?: string) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', status === 200 ? 'public, max-age=60' : 'no-store')
      .header('vary', 'accept-language')
      .send(page({ language, title: t('title', language), body, ...(slug ? { languageLinks: (l: PublicLanguage) => `/c/${slug}?lang=${l}` } : {}) }));

  app.get<{ Params: { slug: string }; Querystring: { lang?: string } }>('/c/:slug', { schema: { hide: true } }, async (request, reply) => {
    const language = pickLanguage(request.query.lang, request.headers['accept-language']);
    const crisis = /^[a-z0-9-]{1,80}$/.test(request.params.slug) ? await findCrisisBySlug(app.db, request.params.slug) : undefined;
    if (!crisis?.slug) return send(reply, 404, language, html`<h1>${t('notFound', language)}</h1>`);
    const slug = crisis.slug;
    const channels = await app.db.selectFrom('channels').select(['kind', 'address']).where('crisis_id', '=', crisis.id).where('is_active', '=', true).orderBy('kind').execute();
    const hasWebForm = channels.some((c) => c.kind === 'web');
    const seen = new Set<string>();
    const lines = channels
      .filter((c) => c.address && !seen.has(`${c.kind}|${c.address}`) && seen.add(`${c.kind}|${c.address}`))
      .map((c) => channelLine(c.kind, c.address, language))
      .filter((line): line is Html => line !== undefined);
    const q = `?lang=${language}`;
    const body = html`<h1>${t('title', language)}</h1>
<p class="small">${crisis.name}</p>
${crisis.description ? html`<p>${crisis.description}</p>` : ''}
<h2>${t('getHelp', language)}</h2>
<p>${t('anyStatus', language)}</p>
<ul>${hasWebForm ? html`<li><a href="/c/${slug}/sos${q}">${t('sosForm', language)}</a></li>` : ''}${lines}</ul>
<p><a href="/c/${slug}/services${q}">${t('services', language)}</a></p>
<h2>${t('whatToDo', language)}</h2>
<ul>${(['tip1', 'tip2', 'tip3', 'tip4'] as const).map((k) => html`<li>${t(k, language)}</li>`)}</ul>`;
    return send(reply, 200, language, body, slug);
  });
};
