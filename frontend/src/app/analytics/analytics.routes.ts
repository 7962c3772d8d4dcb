import { Routes } from '@angular/router';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { AnalyticsPage } from './analytics-page';

/** Chart.js with only the pieces the page draws (bar charts), and only in this lazy route. */
export const analyticsRoutes: Routes = [
  { path: '', title: 'Analytics · Openhouse', component: AnalyticsPage, providers: [provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip] })] },
];
