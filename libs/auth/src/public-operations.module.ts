import { Controller, Module } from '@nestjs/common';
import { Public } from './auth.decorators.js';
import { OperationsController } from '@lotledger/platform';

/**
 * The platform's /health, /ready and /metrics, marked public: probes and Prometheus call them without
 * a token, and the application guard would otherwise refuse them. A subclass, so the routes and their
 * dependencies stay the platform's own.
 */
@Public()
@Controller()
export class PublicOperationsController extends OperationsController {}

@Module({ controllers: [PublicOperationsController] })
export class PublicOperationsModule {}
