import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../core/http/domain-error';
import { CreateUnitDto, mapUnit, SearchUnitsQueryDto, UnitDto, UnitPageDto, UpdateUnitDto } from './inventory.dto';
import { InventoryRepository } from './inventory.repository';
import { UnitStatus } from './unit.enums';

@Injectable()
export class InventoryService {
  constructor(private readonly units: InventoryRepository) {}

  async search(query: SearchUnitsQueryDto): Promise<UnitPageDto> {
    if (query.priceMin !== undefined && query.priceMax !== undefined && query.priceMin > query.priceMax) {
      throw new DomainError('invalid', 'invalid_range', 'priceMin must not be greater than priceMax', [{ field: 'priceMin', errors: ['priceMin must not be greater than priceMax'] }]);
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total, exact } = await this.units.search(
      { ...query, status: query.status?.length ? query.status : [UnitStatus.Available] },
      query.sort ?? (query.q ? 'newest' : 'price'),
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows, total, totalExact: exact, page, pageSize };
  }

  async get(id: string): Promise<UnitDto> {
    const unit = await this.units.findById(id);
    if (!unit) throw notFound('Unit');
    return mapUnit(unit);
  }

  async create(dto: CreateUnitDto): Promise<UnitDto> {
    return mapUnit(await this.units.insert({ ...dto, description: dto.description ?? '', currency: dto.currency ?? 'USD' }));
  }

  async update(id: string, dto: UpdateUnitDto): Promise<UnitDto> {
    if (!(await this.units.findById(id))) throw notFound('Unit');
    if (Object.keys(dto).length) await this.units.update(id, dto);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.units.findById(id))) throw notFound('Unit');
    await this.units.delete(id);
  }
}
