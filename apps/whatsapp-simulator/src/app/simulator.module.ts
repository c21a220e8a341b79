import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { ControlModule } from './control/control.module';
import { EmbeddedSignupModule } from './embedded-signup/embedded-signup.module';
import { SimulatorConfigModule } from './config/simulator-config.module';
import { type WhatsAppSimulatorConfig } from './config/whatsapp-simulator.config';
import { FaultsModule } from './faults/faults.module';
import { InboundModule } from './inbound/inbound.module';
import { MediaGraphModule } from './media/media-graph.module';
import { MediaModule } from './media/media.module';
import { MessagesModule } from './messages/messages.module';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { SendsModule } from './sends/sends.module';
import { StatusesModule } from './statuses/statuses.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Every feature of the simulator, without observability (tests build this one). */
@Module({})
export class SimulatorModule {
  static forRoot(config: WhatsAppSimulatorConfig): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [
        SimulatorConfigModule.forRoot(config),
        CommonModule,
        PhoneNumbersModule,
        FaultsModule,
        SendsModule,
        WebhooksModule,
        StatusesModule,
        MediaModule,
        InboundModule,
        ControlModule,
        MessagesModule,
        EmbeddedSignupModule,
        // Routes are matched in registration order and `/:version/:mediaId` matches any
        // two-segment path, so this module comes last.
        MediaGraphModule,
      ],
    };
  }
}
