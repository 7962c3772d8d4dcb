import { DynamicModule, Global, Module, Type } from '@nestjs/common';

/**
 * Makes the `AuditTrail` port available everywhere (sign-in in core, every feature). The app and
 * the worker pass the module that implements it (the audit feature): core knows no feature.
 */
@Global()
@Module({})
export class AuditTrailModule {
  /** `trail`: a module that exports a provider for AuditTrail. */
  static forRoot(trail: Type | DynamicModule): DynamicModule {
    return { module: AuditTrailModule, imports: [trail], exports: [trail] };
  }
}
