import { Routes } from '@angular/router';

export const chatRoutes: Routes = [];
