/** ISO 3166-1 alpha-2 country codes from i18n-iso-countries; names come from Intl.DisplayNames. */
import countries from 'i18n-iso-countries';
import { z } from 'zod';

const alpha2 = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(code: string): boolean {
  return alpha2.has(code);
}

export const countryCodeSchema = z
  .string()
  .transform((code) => code.trim().toUpperCase())
  .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code such as SD or LB' });

export function alpha3Of(alpha2Code: string): string | undefined {
  return countries.alpha2ToAlpha3(alpha2Code);
}
