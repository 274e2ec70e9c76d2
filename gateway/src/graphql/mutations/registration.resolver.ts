import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Roles, type Principal } from '@lotledger/auth';
import { hasValidCheckDigit, normaliseGtin } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import type { JsonValue, Organisation, ReadModelStore } from '@lotledger/store';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import { OrganizationModel, ProductModel, type Plain } from '../graphql.models.js';
import { ledgerMspOf } from './caller-organization.js';
import { ledgerMutationError, mutationError } from './mutation-errors.js';
import { LocationModel, RegisterLocationInput, RegisterOrganizationInput, RegisterProductInput } from './mutation.models.js';

const COMPANY_PREFIX = /^\d{4,12}$/;
const GLN = /^\d{13}$/;

function badInput(message: string): never {
  throw mutationError('BAD_USER_INPUT', message);
}

function checkGln(gln: string): void {
  if (!GLN.test(gln)) badInput(`GLN "${gln}" must have 13 digits`);
  if (!hasValidCheckDigit(gln)) badInput(`GLN ${gln} has a wrong check digit (GS1 mod-10)`);
}

function isList(value: object): value is readonly JsonValue[] {
  return Array.isArray(value);
}

function jsonObject(value: JsonValue | undefined, what: string): { readonly [key: string]: JsonValue } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || isList(value)) badInput(`${what} must be a JSON object`);
  return value;
}

/** Whether the organisation owns a GLN: it registered it, or it begins with one of its company prefixes. */
function ownsKey(org: Organisation, key: string): boolean {
  return org.glns.includes(key) || org.companyPrefixes.some((p) => key.startsWith(p));
}

/**
 * Registration of organisations (on the ledger, then the registry), GTIN master data and GLNs.
 * Suppliers register products and locations for their own organisation, under their company prefixes.
 */
@Roles('admin')
@Resolver()
export class RegistrationMutationResolver {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
  ) {}

  // Regulators too: the contract lets only a registered regulator register organisations.
  @Roles('admin', 'regulator')
  @Mutation(() => OrganizationModel, { description: 'Registers or updates an organisation on the ledger and in the registry.' })
  async registerOrganization(
    @Args('input', { type: () => RegisterOrganizationInput }) input: RegisterOrganizationInput,
    @Context() context: GraphqlContext,
  ): Promise<Plain<OrganizationModel>> {
    const msp = ledgerMspOf(principalOfContext(context));
    const mspId = input.mspId.trim();
    const name = input.name.trim();
    if (mspId === '' || name === '') badInput('an organisation needs an MSP id and a name');
    for (const prefix of input.companyPrefixes)
      if (!COMPANY_PREFIX.test(prefix)) badInput(`company prefix "${prefix}" must have 4 to 12 digits`);
    for (const gln of input.glns) checkGln(gln);
    const registered = await this.ledger
      .registerOrganization(msp, { mspId, name, role: input.role, companyPrefixes: input.companyPrefixes, glns: input.glns })
      .catch((e: unknown) => {
        throw ledgerMutationError(e);
      });
    // Credentials and signing keys are not registration data: an update keeps them.
    const known = await this.store.getOrganisation(registered.mspId);
    await this.store.upsertOrganisation({
      mspId: registered.mspId,
      name: registered.name,
      role: registered.role,
      companyPrefixes: [...registered.companyPrefixes],
      glns: [...registered.glns],
      signingKeys: known?.signingKeys ?? [],
      clientId: known?.clientId ?? null,
      clientSecretHash: known?.clientSecretHash ?? null,
    });
    return {
      mspId: registered.mspId,
      name: registered.name,
      role: registered.role,
      companyPrefixes: [...registered.companyPrefixes],
      glns: [...registered.glns],
    };
  }

  @Roles('admin', 'supplier')
  @Mutation(() => ProductModel, { description: 'Registers or updates GTIN master data (public: name, industry, image, attributes).' })
  async registerProduct(
    @Args('input', { type: () => RegisterProductInput }) input: RegisterProductInput,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ProductModel>> {
    const gtin = normaliseGtin(input.gtin.trim());
    if (!gtin.ok) badInput(gtin.issues.map((i) => `${i.message} (expected ${i.expected})`).join('; '));
    const name = input.name.trim();
    if (name === '') badInput('a product needs a name');
    const imageUrl = input.imageUrl ?? null;
    if (imageUrl !== null && !/^https:\/\/\S+$/.test(imageUrl)) badInput('imageUrl must be an https URL');
    const owner = await this.owner(principalOfContext(context), input.ownerMsp ?? null);
    // The indicator digit comes first in a GTIN-14; the company prefix follows it.
    if (!owner.companyPrefixes.some((p) => gtin.value.slice(1).startsWith(p)))
      throw mutationError('FORBIDDEN', `GTIN ${gtin.value} is not under a company prefix of ${owner.mspId}`);
    const product = {
      gtin: gtin.value,
      name,
      industry: input.industry,
      imageUrl,
      publicAttributes: jsonObject(input.publicAttributes, 'publicAttributes') ?? {},
      ownerMsp: owner.mspId,
    };
    await this.store.upsertProduct(product);
    return product;
  }

  @Roles('admin', 'supplier')
  @Mutation(() => LocationModel, { description: 'Registers or updates a location (GLN) of an organisation.' })
  async registerLocation(
    @Args('input', { type: () => RegisterLocationInput }) input: RegisterLocationInput,
    @Context() context: GraphqlContext,
  ): Promise<Plain<LocationModel>> {
    const gln = input.gln.trim();
    checkGln(gln);
    const name = input.name.trim();
    if (name === '') badInput('a location needs a name');
    const owner = await this.owner(principalOfContext(context), input.ownerMsp ?? null);
    if (!ownsKey(owner, gln)) throw mutationError('FORBIDDEN', `GLN ${gln} is not under a company prefix or GLN of ${owner.mspId}`);
    const location = { gln, name, address: jsonObject(input.address, 'address'), ownerMsp: owner.mspId };
    await this.store.upsertLocation(location);
    return location;
  }

  /** A supplier registers for its own organisation; an admin names the owner. */
  private async owner(principal: Principal, ownerMsp: string | null): Promise<Organisation> {
    let msp: string;
    if (principal.role === 'supplier') {
      msp = ledgerMspOf(principal);
      if (ownerMsp !== null && ownerMsp !== msp) throw mutationError('FORBIDDEN', 'a supplier registers only for its own organisation');
    } else {
      if (ownerMsp === null) badInput('ownerMsp is required');
      msp = ownerMsp;
    }
    const org = await this.store.getOrganisation(msp);
    if (org === null) throw mutationError('NOT_FOUND', `organisation ${msp} is not registered`);
    return org;
  }
}
