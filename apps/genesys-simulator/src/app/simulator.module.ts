import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { OAuthController } from './auth/oauth.controller';
import type { GenesysSimulatorConfig } from './config/genesys-simulator.config';
import { ControlModule } from './control/control.module';
import { ConversationsModule } from './conversations/conversations.module';
import { CoreModule } from './core/core.module';
import { GenesysExceptionFilter } from './core/genesys-exception.filter';
import { RequestStatsMiddleware } from './core/request-stats.middleware';
import { FaultInjectionMiddleware } from './faults/fault-injection.middleware';
import { FaultsModule } from './faults/faults.module';
import { IntegrationsController } from './integrations/integrations.controller';
import { IntegrationsModule } from './integrations/integrations.module';
import { OpenMessagingController } from './open-messaging/open-messaging.controller';
import { OpenMessagingModule } from './open-messaging/open-messaging.module';
import { DownloadsController } from './outbound/downloads.controller';
import { OutboundModule } from './outbound/outbound.module';

/** The controllers that play Genesys (login host, API host); the control API is not among them. */
const SIMULATED_GENESYS_CONTROLLERS = [
  OAuthController,
  OpenMessagingController,
  IntegrationsController,
  DownloadsController,
];

/**
 * Every feature of the simulator, without observability: the root module adds that, tests
 * start this module alone.
 */
@Module({})
export class SimulatorModule implements NestModule {
  static forRoot(config: GenesysSimulatorConfig): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [
        CoreModule.forRoot(config),
        AuthModule,
        IntegrationsModule,
        ConversationsModule,
        OpenMessagingModule,
        OutboundModule,
        FaultsModule,
        ControlModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: GenesysExceptionFilter }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestStatsMiddleware, FaultInjectionMiddleware)
      .forRoutes(...SIMULATED_GENESYS_CONTROLLERS);
  }
}
