// The real OpenID Connect provider the tests sign in with: panva's oidc-provider (see
// package.json), on a free port of 127.0.0.1 (OIDC_PORT, or one the system gives when it is 0
// or unset), with the clients given as JSON in OIDC_CLIENTS. Its first line on standard
// output is the port it listens on.
// Its development interactions are on: a login form at /interaction/{uid} (any `login`
// signs in, as an account whose `sub` and `email` are that login), then a consent form.
// PKCE is required, and the ID token carries the e-mail claims. It stops when its standard
// input closes, so it never outlives the test that started it.

import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(process.env.OIDC_PORT ?? 0), '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: id, email_verified: true }),
  }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The claims of the scopes asked for go into the ID token too.
  conformIdTokenClaims: false,
  cookies: { keys: ['renkei-test-provider'] },
  features: { devInteractions: { enabled: true } },
  pkce: { methods: ['S256'], required: () => true },
});

server.on('request', provider.callback());
console.log(String(port));

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
