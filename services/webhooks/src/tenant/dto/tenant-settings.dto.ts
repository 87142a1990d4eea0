import { IsBoolean } from 'class-validator';

/** `PUT /internal/tenants/:tenantId/settings` */
export class TenantSettingsDto {
  /** Endpoints on loopback, private and link-local addresses are allowed (the simulators run on loopback). */
  @IsBoolean()
  developmentMode!: boolean;
}
