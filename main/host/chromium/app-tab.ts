/** The record of one app tab, shared by the Chromium host, its navigation guard and its tab lifecycle. */
import type { Page } from 'playwright-core';
import type { AppSpec } from '../../core/ports/host.js';

export interface AppTab {
  partition: string;
  app: AppSpec;
  page: Page;
  /** Chromium's id of the tab's page (set once its session is attached): what a popup names as its opener. */
  targetId?: string;
  /** The page's renderer died; showApp gives the tab a new page (`page` is then replaced). */
  crashed?: boolean;
}
