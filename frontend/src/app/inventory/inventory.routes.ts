import { Routes } from '@angular/router';
import { InventoryPage } from './inventory-page';
import { UnitPage } from './unit-page';

export const inventoryRoutes: Routes = [
  { path: '', title: 'Inventory · Openhouse', component: InventoryPage },
  { path: ':id', title: 'Unit · Openhouse', component: UnitPage },
];
