/**
 * The responder console (web/, built by Vite into web/dist) on the same origin as the API, at /console/.
 * Hashed assets are cached for a year; the HTML shell is revalidated on every visit; any other path under
 * /console/ answers the shell (the console routes in the browser).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/auth.plugin.ts';
import { pickLanguage, type PublicLanguage, rtlLanguages } from '../public/strings.ts';

export const CONSOLE_DIST = path.resolve(import.meta.dirname, '../../../web/dist');

export function consoleIsBuilt(dist = CONSOLE_DIST): boolean {
  return fs.existsSync(path.join(dist, 'index.html'));
}

const NOT_BUILT = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Console not built</title>' +
  '<p>The console has not been built yet. Run <code>npm run build:console</code>, then reload. Building needs the ' +
  'development dependencies: if this copy was installed with <code>npm install --omit=dev</code>, run ' +
  '<code>npm install</code> first, or copy a built <code>web/dist</code> here. The API and the public pages work meanwhile.</p></html>';

export async function consoleRoutes(app: FastifyInstance, options: { dist?: string } = {}): Promise<void> {
  const dist = options.dist ?? CONSOLE_DIST;
  await app.register(fastifyStatic, {
    root: path.join(dist, 'assets'),
    prefix: '/console/assets/',
    decorateReply: false,
    index: false,
    wildcard: true,
    immutable: true,
    maxAge: '365d',
    preCompressed: true,
  });

  let shell: string | undefined;
  const prerendered = new Map<PublicLanguage, string | null>();
  const signInHtml = (language: PublicLanguage): string | null => {
    if (!prerendered.has(language)) {
      const file = path.join(dist, 'prerender', `${language}.html`);
      prerendered.set(language, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);
    }
    return prerendered.get(language) ?? null;
  };
  // Without a session cookie the shell says so, and the console shows sign-in at once (one round trip fewer on 2G).
  const sendShell = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!consoleIsBuilt(dist)) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    shell ??= fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const signedOut = !request.cookies[SESSION_COOKIE];
    let body = shell;
    if (signedOut) {
      // Sign-in comes already rendered, in the language the console will pick (lang in the address, then the
      // language chosen before, then the browser's), so it paints before the script arrives.
      const query = (request.query as { lang?: unknown }).lang;
      const language = pickLanguage(typeof query === 'string' ? query : request.cookies['lifeline_lang'], request.headers['accept-language']);
      const signIn = signInHtml(language);
      body = body.replace('<head>', '<head>\n    <meta name="lifeline-session" content="none">');
      if (signIn) {
        body = body
          .replace('<html lang="en" dir="ltr">', `<html lang="${language}" dir="${rtlLanguages.has(language) ? 'rtl' : 'ltr'}">`)
          .replace(/<div id="root">[\s\S]*?<\/div>/, () => `<div id="root" data-prerendered="${language}">${signIn}</div>`);
      }
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'cookie, accept-language').send(body);
  };
  // Files at the root of dist (manifest, service worker): short cache, must revalidate.
  const rootFiles = new Map([['manifest.webmanifest', 'application/manifest+json'], ['sw.js', 'text/javascript; charset=utf-8'], ['icon.svg', 'image/svg+xml']]);
  // The router ignores trailing slashes: /console and /console/ are one route.
  app.get('/console', { schema: { hide: true } }, async (request, reply) => sendShell(request, reply));
  app.get('/console/*', { schema: { hide: true } }, async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const type = rootFiles.get(rest);
    if (type && fs.existsSync(path.join(dist, rest))) {
      return reply.type(type).header('cache-control', 'no-cache').send(fs.readFileSync(path.join(dist, rest)));
    }
    return sendShell(request, reply);
  });
}
