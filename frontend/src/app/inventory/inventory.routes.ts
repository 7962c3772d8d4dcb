import { Routes } from '@angular/router';

export const inventoryRoutes: Routes = [];
