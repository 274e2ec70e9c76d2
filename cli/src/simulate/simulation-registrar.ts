import type { CaptureTransport } from './capture-transport.js';
import { REGULATOR_MSP, type Simulation } from './simulation.model.js';

export type TokenRole = 'supplier' | 'regulator';
/** A bearer token for an organisation acting in a role. */
export type TokenSource = (mspId: string, role: TokenRole) => Promise<string>;

const REGISTER_ORGANIZATION = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { mspId } }`;
const REGISTER_LOCATION = `mutation ($input: RegisterLocationInput!) { registerLocation(input: $input) { gln } }`;
const REGISTER_PRODUCT = `mutation ($input: RegisterProductInput!) { registerProduct(input: $input) { gtin } }`;

const REGISTER_SIGNING_KEY = `mutation ($mspId: String!, $jwk: JSON!) { registerSigningKey(mspId: $mspId, jwk: $jwk) { kid } }`;

export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

/** One GraphQL mutation as an organisation in a role; throws RegistrationError with the server's messages. */
async function graphqlMutation(
  transport: CaptureTransport,
  tokens: TokenSource,
  mspId: string,
  role: TokenRole,
  query: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const reply = await transport.send({
    method: 'POST',
    path: '/graphql',
    headers: { authorization: `Bearer ${await tokens(mspId, role)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let errors: readonly { message: string }[] | undefined;
  try {
    errors = (JSON.parse(reply.body) as { errors?: readonly { message: string }[] }).errors;
  } catch {
    errors = [{ message: reply.body.slice(0, 500) }];
  }
  if (reply.status !== 200 || (errors !== undefined && errors.length > 0)) {
    throw new RegistrationError(
      `registering ${JSON.stringify(variables)} as ${mspId} failed: ${String(reply.status)} ${errors?.map((e) => e.message).join('; ') ?? reply.body}`,
    );
  }
}

/** The public half of each organisation's Kafka signing key, as the organisation registers it (registerSigningKey). */
export interface SigningKeySource {
  readonly organisations: readonly string[];
  publicJwk(mspId: string): object;
}

/**
 * Registers each organisation's public signing key through the registerSigningKey mutation, with that
 * organisation's own supplier token (a supplier may add keys only to its own organisation). Idempotent.
 */
export async function registerSigningKeys(keys: SigningKeySource, transport: CaptureTransport, tokens: TokenSource): Promise<void> {
  for (const mspId of keys.organisations) {
    await graphqlMutation(transport, tokens, mspId, 'supplier', REGISTER_SIGNING_KEY, { mspId, jwk: keys.publicJwk(mspId) });
  }
}

/**
 * Registers a simulation's organisations, locations and products through the GraphQL registration
 * mutations — the path an operator uses: the regulator registers itself (the ledger's bootstrap) and
 * every other organisation; each organisation registers its own sites and GTINs. Idempotent.
 */
export async function registerSimulation(simulation: Simulation, transport: CaptureTransport, tokens: TokenSource): Promise<void> {
  const graphql = (mspId: string, role: TokenRole, query: string, input: Record<string, unknown>): Promise<void> =>
    graphqlMutation(transport, tokens, mspId, role, query, { input });
  const regulatorFirst = [...simulation.organisations].sort(
    (a, b) => Number(b.mspId === REGULATOR_MSP) - Number(a.mspId === REGULATOR_MSP),
  );
  for (const org of regulatorFirst) {
    await graphql(REGULATOR_MSP, 'regulator', REGISTER_ORGANIZATION, {
      mspId: org.mspId,
      name: org.name,
      role: org.role.toUpperCase(),
      companyPrefixes: org.companyPrefixes,
      glns: simulation.locations.filter((l) => l.ownerMsp === org.mspId).map((l) => l.gln),
    });
  }
  for (const l of simulation.locations) {
    await graphql(l.ownerMsp, 'supplier', REGISTER_LOCATION, { gln: l.gln, name: l.name, address: { city: l.city, country: l.country } });
  }
  for (const p of simulation.products) {
    await graphql(p.ownerMsp, 'supplier', REGISTER_PRODUCT, {
      gtin: p.gtin,
      name: p.name,
      industry: p.industry.toUpperCase(),
      publicAttributes: p.publicAttributes,
    });
  }
}
