import { GS1_VOC, LINKSET_CONTEXT } from './link-types.js';
import { PRIMARY_KEY_AIS } from './resolver-request.js';

/** The resolver description file served at /.well-known/gs1resolver (GS1-Conformant Resolver 1.2 §3). */
export function resolverDescription(publicBaseUrl: string): Record<string, unknown> {
  return {
    name: 'lotledger provenance resolver',
    resolverRoot: publicBaseUrl,
    supportedPrimaryKeys: PRIMARY_KEY_AIS,
    supportedLinkType: [{ namespace: GS1_VOC, prefix: 'gs1:' }],
    linkTypeDefaultCanBeLinkset: false,
    jsonLdContextLocation: LINKSET_CONTEXT,
  };
}
