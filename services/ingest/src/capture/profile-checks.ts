import { profileCaptureIssues, gtinsOfEvent, type EpcisValidation, type ProfileProduct, type ValidationIssue } from '@lotledger/domain';
import type { CaptureErrorBehaviour, RegistryStore } from '@lotledger/store';
import { CaptureProblem } from './capture.problem.js';

/** What validation left: the valid events and, in proceed mode, the issues set aside. */
export interface ValidatedCapture {
  readonly validation: EpcisValidation;
  readonly setAside: readonly ValidationIssue[];
}

type ProductMasterData = Pick<RegistryStore, 'getProduct'>;

// The capture port is deliberately narrow; the real store (ReadModelStore) also serves product master
// data. A store without it (a test double) has no products, hence no profiles to run.
function hasProductMasterData(store: object): store is ProductMasterData {
  return 'getProduct' in store && typeof store.getProduct === 'function';
}

/**
 * The industry-profile rules at capture (issue 7): each valid event is checked by the profile of every
 * registered product it names (pharma lot + expiry at commissioning, VINs, EN 10204 certificate
 * fields). A profile error is treated like a validation error: `rollback` refuses the whole capture,
 * `proceed` sets the event aside with its issues. One master-data lookup per distinct GTIN.
 */
export async function checkProfiles(
  store: object,
  errorBehaviour: CaptureErrorBehaviour,
  validated: ValidatedCapture,
): Promise<ValidatedCapture> {
  if (!hasProductMasterData(store) || validated.validation.events.length === 0) return validated;
  const products = await loadProducts(store, validated.validation).catch((error: unknown) => {
    throw new CaptureProblem(
      503,
      'CAPTURE_UNAVAILABLE',
      `product master data could not be read (${String(error)}); nothing was accepted, try again`,
    );
  });
  if (products.size === 0) return validated;
  const issues: ValidationIssue[] = [];
  const kept = validated.validation.events.filter(({ event, pointer }) => {
    const found = profileCaptureIssues(event, pointer, products);
    issues.push(...found);
    return found.length === 0;
  });
  if (issues.length === 0) return validated;
  if (errorBehaviour === 'rollback' || kept.length === 0) {
    throw new CaptureProblem(
      400,
      'VALIDATION_FAILED',
      `the capture breaks ${String(issues.length)} industry-profile rule(s); nothing was captured`,
      [...validated.setAside, ...issues],
    );
  }
  return {
    validation: { ...validated.validation, ok: false, issues: [...validated.validation.issues, ...issues], events: kept },
    setAside: [...validated.setAside, ...issues],
  };
}

async function loadProducts(store: ProductMasterData, validation: EpcisValidation): Promise<Map<string, ProfileProduct | null>> {
  const gtins = new Set<string>();
  for (const { event } of validation.events) for (const gtin of gtinsOfEvent(event)) gtins.add(gtin);
  const products = new Map<string, ProfileProduct | null>();
  await Promise.all(
    [...gtins].map(async (gtin) => {
      const product = await store.getProduct(gtin);
      // Only products whose industry has a profile matter; the rest cost nothing further.
      if (product !== null && product.industry !== 'other') products.set(gtin, product);
    }),
  );
  return products;
}
