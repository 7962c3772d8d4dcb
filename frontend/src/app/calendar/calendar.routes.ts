import { Routes } from '@angular/router';
import { DateAdapter, provideCalendar } from 'angular-calendar';
import { adapterFactory } from 'angular-calendar/date-adapters/date-fns';
import { CalendarPage } from './calendar-page';

/** The calendar and its component library load with this route only (the first page stays small). */
export const calendarRoutes: Routes = [{ path: '', title: 'Calendar · Openhouse', component: CalendarPage, providers: [provideCalendar({ provide: DateAdapter, useFactory: adapterFactory })] }];
