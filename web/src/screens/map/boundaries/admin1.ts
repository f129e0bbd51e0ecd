/** What each first-level area carries in admin1.json, written by bin/build-admin1.ts (see README.md beside it). */
export interface Admin1Properties {
  /** ISO 3166-2, as Natural Earth gives it ("TN-61"). */
  iso: string;
  /** ISO 3166-1 alpha-2 of the country. */
  country: string;
  /** GeoNames admin1 code within the country ("32"), as the gazetteer and `place_admin1` keep it; absent when unknown. */
  admin1?: string;
  name: string;
  /** Only when it differs from `name`. */
  name_en?: string;
  name_ar?: string;
}
