/** Server-rendered HTML for the public pages: escaped by default, right-to-left aware, no JavaScript. */
import { languageNames, type PublicLanguage, publicLanguages, rtlLanguages } from './strings.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] as string);
}

/** A template tag that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const rendered = Array.isArray(value)
      ? value.map((v) => (v instanceof Html ? v.value : escapeHtml(String(v)))).join('')
      : value instanceof Html
        ? value.value
        : value === undefined || value === null || value === false
          ? ''
          : escapeHtml(String(value));
    out += rendered + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

export function page(options: { language: PublicLanguage; title: string; body: Html; languageLinks?: (language: PublicLanguage) => string }): string {
  const dir = rtlLanguages.has(options.language) ? 'rtl' : 'ltr';
  const switcher = options.languageLinks
    ? html`<nav class="langs" aria-label="Language">${publicLanguages.map((l) =>
        l === options.language ? html`<strong lang="${l}">${languageNames[l]}</strong> ` : html`<a href="${options.languageLinks!(l)}" lang="${l}" hreflang="${l}">${languageNames[l]}</a> `,
      )}</nav>`
    : html``;
  return `<!doctype html>${html`<html lang="${options.language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${options.title} · Lifeline</title><link rel="stylesheet" href="/static/public.css"></head><body>${switcher}<main>${options.body}</main></body></html>`.value}`;
}
