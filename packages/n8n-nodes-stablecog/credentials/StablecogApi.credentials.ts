import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** An API token from stablecog.com/account/api-keys, sent as `Authorization: Bearer <token>`. */
export class StablecogApi implements ICredentialType {
	name = 'stablecogApi';

	displayName = 'Stablecog API';

	icon: Icon = { light: 'file:../icons/stablecog.svg', dark: 'file:../icons/stablecog.dark.svg' };

	documentationUrl =
		'https://github.com/stablecog/stablecog-integrations/tree/main/packages/n8n-nodes-stablecog#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. sc-0123456789abcdef…',
			description: 'Create a token at https://stablecog.com/account/api-keys. It starts with "sc-".',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stablecog.com',
			placeholder: 'e.g. https://api.stablecog.com',
			description:
				'Where the Stablecog API lives. Keep the default unless you test against a local emulator. A trailing /v1 is fine (it is dropped).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				// A pasted token often brings a newline or its own "Bearer " along: both are dropped.
				Authorization: '=Bearer {{$credentials.apiToken.trim().replace(/^bearer\\s+/i, "").trim()}}',
			},
		},
	};

	// GET /v1/credits is cheap, needs the token and answers 401 `Unauthorized` for a bad one.
	test: ICredentialTestRequest = {
		request: {
			// As the nodes use it: a trailing slash or "/v1" would otherwise make every path a 404.
			baseURL: '={{($credentials.baseUrl || "https://api.stablecog.com").trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "")}}',
			url: '/v1/credits',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Stablecog did not accept this API token. Copy a token of an active key from https://stablecog.com/account/api-keys (it starts with "sc-") and paste it without spaces.',
				},
			},
		],
	};
}
