import { Injectable } from '@nestjs/common';
import { type Partner } from './partners';

/** Something that holds partner state and can return to its seeded fixtures. */
export interface Resettable {
  reset(): void;
}

/** Every stateful store registers here, so the control API can reset one partner or all of them. */
@Injectable()
export class ResetRegistry {
  private readonly entries = new Map<Partner, Resettable[]>();

  register(partner: Partner, store: Resettable): void {
    const list = this.entries.get(partner) ?? [];
    list.push(store);
    this.entries.set(partner, list);
  }

  reset(partner?: Partner): Partner[] {
    const partners = partner ? [partner] : [...this.entries.keys()];
    for (const p of partners) for (const store of this.entries.get(p) ?? []) store.reset();
    return partners;
  }
}
