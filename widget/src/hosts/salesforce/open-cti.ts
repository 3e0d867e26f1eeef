/**
 * The part of Salesforce's Open CTI for Lightning (`sforce.opencti`, from `opencti_min.js`) the softphone uses, as
 * documented in the Open CTI Developer Guide (https://developer.salesforce.com/docs/service/api-cti/guide/):
 * every method takes one object; those with a `callback` call it later with an `OpenCtiResponse`.
 */
export interface OpenCti {
  readonly SCREENPOP_TYPE: {
    readonly SOBJECT: string;
    readonly URL: string;
    readonly OBJECTHOME: string;
    readonly LIST: string;
    readonly SEARCH: string;
    readonly NEW_RECORD_MODAL: string;
    readonly FLOW: string;
  };
  readonly CALL_TYPE: { readonly INBOUND: string; readonly OUTBOUND: string; readonly INTERNAL: string };
  enableClickToDial(args: { callback?: OpenCtiCallback }): void;
  disableClickToDial(args: { callback?: OpenCtiCallback }): void;
  onClickToDial(args: { listener: (payload: ClickToDialPayload) => void }): void;
  screenPop(args: { type: string; params: object; callback?: OpenCtiCallback }): void;
  searchAndScreenPop(args: {
    searchParams: string;
    queryParams: string;
    callType: string;
    deferred: boolean;
    callback?: OpenCtiCallback;
  }): void;
  setSoftphonePanelVisibility(args: { visible: boolean; callback?: OpenCtiCallback }): void;
  refreshView(args: { callback?: OpenCtiCallback }): void;
}

/** What every Open CTI callback receives. */
export interface OpenCtiResponse {
  readonly success: boolean;
  readonly returnValue: unknown;
  readonly errors: readonly unknown[] | null;
}

export type OpenCtiCallback = (response: OpenCtiResponse) => void;

/**
 * `onClickToDial` listener payload. Salesforce documents `number` as a number but sends the field's text; record
 * fields are absent when the number is not on a record.
 */
export interface ClickToDialPayload {
  readonly number: string | number;
  readonly recordId?: string;
  readonly recordName?: string;
  readonly objectType?: string;
  readonly accountId?: string;
  readonly contactId?: string;
  readonly personAccount?: boolean;
  readonly params?: string;
}

/** The Open CTI methods whose answer comes through `callback`. */
export type OpenCtiMethod =
  | 'enableClickToDial'
  | 'disableClickToDial'
  | 'screenPop'
  | 'searchAndScreenPop'
  | 'setSoftphonePanelVisibility'
  | 'refreshView';
