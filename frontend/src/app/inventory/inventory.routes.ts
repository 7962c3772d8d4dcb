import { Routes } from '@angular/router';
import { InventoryPage } from './inventory-page';
import { UnitFormPage } from './unit-form-page';
import { UnitPage } from './unit-page';

export const inventoryRoutes: Routes = [
  { path: '', title: 'Inventory · Openhouse', component: InventoryPage },
  { path: 'new', title: 'New listing · Openhouse', component: UnitFormPage },
  { path: ':id/report', title: 'Seller report · Openhouse', loadComponent: () => import('./seller-report-page').then((m) => m.SellerReportPage) },
  { path: ':id/edit', title: 'Edit listing · Openhouse', component: UnitFormPage },
  { path: ':id', title: 'Unit · Openhouse', component: UnitPage },
];
