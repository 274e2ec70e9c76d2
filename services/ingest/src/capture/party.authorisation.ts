import { claimedParties, parseIdentifier, pointerJoin, type EventFacts, type ValidationIssue } from '@lotledger/domain';
import type { Organisation, RegistryStore } from '@lotledger/store';

/** The GLN of a location (SGLN) or party (PGLN) identifier, or undefined when it is not one. */
export function glnOf(id: string): string | undefined {
  const parsed = parseIdentifier(id);
  if (!parsed.ok) return undefined;
  const { kind, primaryKey } = parsed.value;
  return kind === 'sgln' || kind === 'pgln' || kind === 'gln-invoicing' ? primaryKey.value : undefined;
}

/**
 * Checks that every party an event names as the submitter's own — readPoint, bizLocation and the
 * owning/possessing parties it speaks for (the sources; on receipt, the destinations), as the
 * domain's `claimedParties` defines them for the chaincode too — belongs to the submitting organisation (a GLN it registered, or one under
 * its company prefix). Owners are looked up once per GLN per capture. Returns one issue per party
 * that is not the submitter's; the chaincode checks custody again on the ledger.
 */
export class PartyAuthorisation {
  readonly #owners = new Map<string, Promise<Organisation | null>>();

  constructor(
    private readonly registry: Pick<RegistryStore, 'findOrganisationOwningGln'>,
    private readonly submitterMsp: string,
  ) {}

  async check(facts: EventFacts, eventPointer: string): Promise<ValidationIssue[]> {
    const parties = claimedParties(facts).map((claim) => ({
      id: claim.id,
      pointer:
        claim.index === undefined
          ? pointerJoin(eventPointer, claim.field, 'id')
          : pointerJoin(eventPointer, claim.field, claim.index, claim.field === 'sourceList' ? 'source' : 'destination'),
      what:
        claim.type === undefined
          ? claim.field
          : `the ${claim.type.replace('_', '-')} ${claim.field === 'sourceList' ? 'source' : 'destination'}`,
    }));
    const issues: ValidationIssue[] = [];
    for (const party of parties) {
      const gln = glnOf(party.id);
      if (gln === undefined) {
        issues.push({
          pointer: party.pointer,
          code: 'PARTY_NOT_GLN',
          message: `${party.what} ${party.id} is not a GLN, so it cannot be shown to belong to ${this.submitterMsp}`,
          expected: `a GLN (SGLN/PGLN EPC URI or GS1 Digital Link) registered by ${this.submitterMsp}`,
        });
        continue;
      }
      const owner = await this.ownerOf(gln);
      if (owner?.mspId !== this.submitterMsp) {
        issues.push({
          pointer: party.pointer,
          code: 'PARTY_NOT_OWNED',
          message:
            owner === null
              ? `${party.what} GLN ${gln} is not registered to any organisation`
              : `${party.what} GLN ${gln} belongs to ${owner.mspId}, not to ${this.submitterMsp}`,
          expected: `a GLN registered by ${this.submitterMsp} or under one of its company prefixes`,
        });
      }
    }
    return issues;
  }

  private ownerOf(gln: string): Promise<Organisation | null> {
    let owner = this.#owners.get(gln);
    if (owner === undefined) {
      owner = this.registry.findOrganisationOwningGln(gln);
      this.#owners.set(gln, owner);
    }
    return owner;
  }
}
