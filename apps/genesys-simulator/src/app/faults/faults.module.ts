import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FaultInjectionMiddleware } from './fault-injection.middleware';
import { FaultsControlController } from './faults-control.controller';
import { FaultsService } from './faults.service';

@Module({
  imports: [AuthModule],
  controllers: [FaultsControlController],
  providers: [FaultsService, FaultInjectionMiddleware],
  exports: [FaultsService, FaultInjectionMiddleware],
})
export class FaultsModule {}
