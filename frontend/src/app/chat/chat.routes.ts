import { Routes } from '@angular/router';
import { ChatPage } from './chat-page';

export const chatRoutes: Routes = [{ path: '', title: 'Chat · Openhouse', component: ChatPage }];
