/**
 * A Vite plugin: the catalogues in src/i18n/messages are parsed to ICU syntax trees at build time, so the browser gets
 * no MessageFormat parser (react-intl formats the trees directly). The catalogue files hold only string literals.
 */
import { parse } from '@formatjs/icu-messageformat-parser';
import { transformWithOxc, type Plugin } from 'vite';

export function precompiledMessages(): Plugin {
  return {
    name: 'lifeline-precompiled-messages',
    enforce: 'pre',
    async transform(code, id) {
      if (!/[\\/]i18n[\\/]messages[\\/][a-z]{2}\.ts$/.test(id)) return undefined;
      const js = (await transformWithOxc(code, id, { lang: 'ts' })).code;
      const module = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, Record<string, string>>;
      const out = Object.entries(module).map(([name, catalogue]) => {
        const trees = Object.fromEntries(Object.entries(catalogue).map(([key, message]) => [key, parse(message)]));
        return `export const ${name} = ${JSON.stringify(trees)};`;
      });
      return { code: out.join('\n'), map: null };
    },
  };
}
