import { Routes } from '@angular/router';
import { BoardPage } from './board-page';

export const pipelineRoutes: Routes = [{ path: '', title: 'Pipeline · Openhouse', component: BoardPage }];
