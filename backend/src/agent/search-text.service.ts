import { Injectable } from '@nestjs/common';
import type { SearchTextReadingDto } from '../inventory/inventory.dto';
import { InventoryService } from '../inventory/inventory.service';
import { readSearchText } from './search-text';

/** Typed search text read into filters with the assistant's understanding, against the places the inventory has. */
@Injectable()
export class SearchTextService {
  constructor(private readonly inventory: InventoryService) {}

  /** The filters a person's typed search text says (price, rooms, type, a known place), and the words left. */
  async understand(q: string): Promise<SearchTextReadingDto> {
    return readSearchText(q, await this.inventory.knownPlaces());
  }
}
