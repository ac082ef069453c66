/**
 * The connection: a Stablecog API token (a secret) and, for the local emulator or a proxy, the
 * API's base URL. `validate` asks `/v1/credits`, the cheapest call that needs the token.
 */
import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { AuthenticationError, execute, operations, StablecogError } from '@stablecog/client';
import { runtimeForConnection } from './common/client';
import { toPieceError } from './common/errors';

const description = `
Create an API key at [stablecog.com/account/api-keys](https://stablecog.com/account/api-keys) and paste it here (it starts with \`sc-\`).

Leave **Base URL** empty to use Stablecog (https://api.stablecog.com); set it only for a local Stablecog emulator or a proxy.
`;

/** Token plus optional base URL, as the n8n credential and the Zapier connection have. */
export const stablecogAuth = PieceAuth.CustomAuth({
  displayName: 'Stablecog Connection',
  description,
  required: true,
  props: {
    apiToken: PieceAuth.SecretText({
      displayName: 'API Token',
      description: 'Your Stablecog API key, e.g. sc-0a1b… (67 characters).',
      required: true,
    }),
    baseUrl: Property.ShortText({
      displayName: 'Base URL',
      description: 'Leave empty for https://api.stablecog.com.',
      required: false,
    }),
  },
  validate: async ({ auth }) => {
    try {
      await execute(operations.credits, undefined, runtimeForConnection(auth, { maxRetries: 0 }));
      return { valid: true };
    } catch (error) {
      if (error instanceof AuthenticationError) {
        return {
          valid: false,
          error:
            'Stablecog refused this API token (401 Unauthorized). Paste the token of an active key from ' +
            'https://stablecog.com/account/api-keys: it starts with "sc-" and is 67 characters long.',
        };
      }
      if (error instanceof StablecogError) return { valid: false, error: toPieceError(error).message };
      return { valid: false, error: 'Could not check the token. Check the Base URL and try again.' };
    }
  },
});
