import { Module, type DynamicModule } from '@nestjs/common';
import { EpcisEventsController } from './epcis/epcis-events.controller.js';
import { GatewayMetaController } from './gateway-meta.controller.js';
import { GatewayGraphqlModule } from './graphql/graphql.module.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options.js';
import { ProvenanceService } from './provenance/provenance.service.js';
import { QrCodeController } from './qr/qr-code.controller.js';
import { ResolverController } from './resolver/resolver.controller.js';

/**
 * The provenance gateway: EPCIS REST queries, the GS1 Digital Link resolver, QR codes and the
 * consumer page. Needs READ_MODEL and LEDGER from the (global) InfrastructureModule.
 */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [GatewayGraphqlModule],
      controllers: [EpcisEventsController, QrCodeController, GatewayMetaController, ResolverController],
      providers: [{ provide: GATEWAY_OPTIONS, useValue: options }, ProvenanceService],
      exports: [ProvenanceService],
    };
  }
}
