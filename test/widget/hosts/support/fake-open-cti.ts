/*
 * A stand-in for Salesforce's `sforce.opencti` (Open CTI for Lightning, `opencti_min.js`), built from Salesforce's
 * documentation of each method, argument object, constant and callback answer:
 * - https://developer.salesforce.com/docs/service/api-cti/guide/sforce-api-cti-onclicktodial-lex.html
 *   (listener payload: number, recordId, recordName, objectType, accountId/contactId, personAccount, params)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_screenpop_lex.htm
 *   (`type: sforce.opencti.SCREENPOP_TYPE.SOBJECT`, `params: { recordId }`)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_searchandscreenpop_lex.htm
 *   (`searchParams`, `queryParams`, `callType: sforce.opencti.CALL_TYPE.INBOUND|OUTBOUND|INTERNAL`, `deferred`)
 * - https://developer.salesforce.com/docs/atlas.en-us.226.0.api_cti.meta/api_cti/sforce_api_cti_getsoftphonelayout_lex.htm
 *   (every callback gets `{ success, returnValue, errors }`, asynchronously)
 * - https://github.com/developerforce/open-cti-demo-adapter/blob/master/open-cti-code-samples.js (Salesforce's own
 *   samples: enable/disableClickToDial, setSoftphonePanelVisibility({visible}), refreshView, callType 'inbound')
 * - https://github.com/developerforce/open-cti-demo-adapter/issues/36 (the frame URL Salesforce builds:
 *   `?mode=Lightning&...&sfdcIframeOrigin=https%3A%2F%2F<domain>.lightning.force.com&clc=1&nonce=...`)
 * Constant values are those `opencti_min.js` defines (SCREENPOP_TYPE.SOBJECT = 'sobject', CALL_TYPE.INBOUND =
 * 'inbound', ...).
 */
import type { ClickToDialPayload, OpenCti, OpenCtiCallback, OpenCtiResponse } from '../../../../widget/src/hosts/salesforce/open-cti.js';

/** One method call as Salesforce received it, without its callback. */
export interface OpenCtiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
}

type Answer = OpenCtiResponse | 'silent';

/**
 * `sforce.opencti` as the docs describe it: each method takes one object and answers its `callback` later (on a
 * macrotask, like the real postMessage round trip to Lightning). Tests script refusals with `answerNext`.
 */
export class FakeOpenCti implements OpenCti {
  readonly SCREENPOP_TYPE = Object.freeze({
    SOBJECT: 'sobject',
    URL: 'url',
    OBJECTHOME: 'objecthome',
    LIST: 'list',
    SEARCH: 'search',
    NEW_RECORD_MODAL: 'newRecord',
    FLOW: 'flow',
  });
  readonly CALL_TYPE = Object.freeze({ INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' });
  readonly calls: OpenCtiCall[] = [];
  private readonly listeners: ((payload: ClickToDialPayload) => void)[] = [];
  private readonly scripted = new Map<string, Answer[]>();

  /** The next call of `method` gets `answer` (`'silent'`: its callback is never called). */
  answerNext(method: string, answer: Answer): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), answer]);
  }

  /** A user clicks a click-to-dial number in Lightning: every registered listener gets the documented payload. */
  click(payload: ClickToDialPayload): void {
    for (const listener of this.listeners) listener(payload);
  }

  /** Resolves once every callback due so far has been called. */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 5));
  }

  enableClickToDial(args: { callback?: OpenCtiCallback }): void {
    this.record('enableClickToDial', args, true);
  }

  disableClickToDial(args: { callback?: OpenCtiCallback }): void {
    this.record('disableClickToDial', args, true);
  }

  onClickToDial(args: { listener: (payload: ClickToDialPayload) => void }): void {
    if (typeof args.listener !== 'function') throw new Error('onClickToDial needs a listener function');
    this.listeners.push(args.listener);
    this.calls.push({ method: 'onClickToDial', args: {} });
  }

  screenPop(args: { type: string; params: object; callback?: OpenCtiCallback }): void {
    this.record('screenPop', args, null);
  }

  searchAndScreenPop(args: { searchParams: string; queryParams: string; callType: string; deferred: boolean; callback?: OpenCtiCallback }): void {
    if (!(Object.values(this.CALL_TYPE) as string[]).includes(args.callType)) throw new Error('callType is required');
    this.record('searchAndScreenPop', args, {});
  }

  setSoftphonePanelVisibility(args: { visible: boolean; callback?: OpenCtiCallback }): void {
    this.record('setSoftphonePanelVisibility', args, null);
  }

  refreshView(args: { callback?: OpenCtiCallback }): void {
    this.record('refreshView', args, true);
  }

  private record(method: string, args: { callback?: OpenCtiCallback }, returnValue: unknown): void {
    const { callback, ...rest } = args;
    this.calls.push({ method, args: rest });
    const queue = this.scripted.get(method) ?? [];
    const answer = queue.shift() ?? { success: true, returnValue, errors: null };
    if (answer === 'silent' || callback === undefined) return;
    setTimeout(() => callback(answer), 0);
  }
}
