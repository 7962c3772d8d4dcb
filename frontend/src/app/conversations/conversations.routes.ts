import { Routes } from '@angular/router';
import { ConversationsPage } from './conversations-page';

// The open conversation is a query parameter (?open=…), so opening another keeps the page, its list and its live feed.
export const conversationsRoutes: Routes = [{ path: '', title: 'Conversations · Openhouse', component: ConversationsPage }];
