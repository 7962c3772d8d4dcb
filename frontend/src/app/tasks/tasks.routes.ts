import { Routes } from '@angular/router';
import { MyTasksPage } from './my-tasks-page';

export const tasksRoutes: Routes = [{ path: '', title: 'My tasks · Openhouse', component: MyTasksPage }];
