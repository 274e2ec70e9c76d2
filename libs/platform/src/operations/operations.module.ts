import { Module } from '@nestjs/common';
import { OperationsController } from './operations.controller.js';

/** `/health`, `/ready`, `/metrics`; needs `InfrastructureModule.forRoot` (global) in the application. */
@Module({ controllers: [OperationsController] })
export class OperationsModule {}
