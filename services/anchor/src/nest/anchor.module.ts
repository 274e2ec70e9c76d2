import { Module } from '@nestjs/common';
import { AnchorConsumerService } from './anchor-consumer.service.js';

/** The anchor service; needs `InfrastructureModule.forRoot` (global tokens) in the application. */
@Module({ providers: [AnchorConsumerService], exports: [AnchorConsumerService] })
export class AnchorModule {}
