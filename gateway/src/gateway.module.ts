import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { EpcisEventsController } from './epcis/epcis-events.controller.js';
import { GatewayMetaController } from './gateway-meta.controller.js';
import { GatewayGraphqlModule } from './graphql/graphql.module.js';
import { CaptureMutationResolver } from './graphql/mutations/capture.resolver.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options.js';
import { ProvenanceService } from './provenance/provenance.service.js';
import { QrCodeController } from './qr/qr-code.controller.js';
import { RegulatorLookupService } from './regulator-page/regulator-lookup.service.js';
import { RegulatorPageController, RegulatorSessionController } from './regulator-page/regulator-page.controller.js';
import { regulatorCookieToBearer } from './regulator-page/regulator-session.js';
import { ResolverController } from './resolver/resolver.controller.js';

/**
 * The provenance gateway: EPCIS REST queries, the GS1 Digital Link resolver, QR codes, the
 * consumer page and the regulator's view. Needs READ_MODEL and LEDGER from the (global) InfrastructureModule.
 */
@Module({})
export class GatewayModule implements NestModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [GatewayGraphqlModule],
      controllers: [
        EpcisEventsController,
        QrCodeController,
        GatewayMetaController,
        RegulatorPageController,
        RegulatorSessionController,
        ResolverController,
      ],
      providers: [{ provide: GATEWAY_OPTIONS, useValue: options }, ProvenanceService, CaptureMutationResolver, RegulatorLookupService],
      exports: [ProvenanceService],
    };
  }

  /** A browser signed in to the regulator view carries its token in a cookie: made the bearer token before the guard runs. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(regulatorCookieToBearer).forRoutes(RegulatorPageController);
  }
}
