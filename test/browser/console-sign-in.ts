/** Signs a test user in to the console through its real form: email and password, then the current two-factor code. */
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import type { Catalogue } from '../../web/src/i18n/messages/en.ts';
import type { TestUser } from '../factories/access.ts';

/**
 * Opens `url` (the console, in the language the query asks for), fills the sign-in form with the catalogue's labels and
 * sends the two-factor code: `code` when given (to try a wrong one), else the user's current code.
 */
export async function signInToConsole(page: Page, url: string, user: TestUser, messages: Catalogue, code?: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(messages['signIn.email']).fill(user.email);
  await page.getByLabel(messages['signIn.password']).fill(user.password);
  await page.getByRole('button', { name: messages['signIn.submit'] }).click();
  await page.getByLabel(messages['signIn.code']).fill(code ?? (await generate({ secret: user.totpSecret! })));
  await page.getByRole('button', { name: messages['signIn.verify'] }).click();
}
