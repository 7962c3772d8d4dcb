import { Routes } from '@angular/router';

export const adminRoutes: Routes = [];
