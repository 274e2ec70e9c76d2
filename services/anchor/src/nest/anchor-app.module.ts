import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, OperationsModule, type AppConfig, type InfrastructureOptions } from '@lotledger/platform';
import { AnchorModule } from './anchor.module.js';

/** The anchor service alone: infrastructure by configuration, operations endpoints, the consumer. */
@Module({})
export class AnchorAppModule {
  static forRoot(config: AppConfig, options: Partial<InfrastructureOptions> = {}): DynamicModule {
    return {
      module: AnchorAppModule,
      imports: [InfrastructureModule.forRoot(config, { service: 'anchor', ...options }), OperationsModule, AnchorModule],
    };
  }
}
