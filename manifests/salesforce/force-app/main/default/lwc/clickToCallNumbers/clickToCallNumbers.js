import { LightningElement, api } from 'lwc';
import { fetchRecordNumbers, formatLabel, numberVerdict } from 'c/clickToCallHelpers';
import HEADING from '@salesforce/label/c.ClickToCall_NumbersHeading';
import LOADING from '@salesforce/label/c.ClickToCall_NumbersLoading';
import LOAD_FAILED from '@salesforce/label/c.ClickToCall_NumbersError';
import NO_NUMBERS from '@salesforce/label/c.ClickToCall_NoNumbers';

/**
 * The record's phone numbers with the connector's verdict beside each; the dialable ones through Open CTI's
 * click-to-dial. Loads again when the record page shows another record.
 */
export default class ClickToCallNumbers extends LightningElement {
    @api objectApiName;
    numbers = [];
    errorText;
    loading = true;
    labels = { heading: HEADING, loading: LOADING, noNumbers: NO_NUMBERS };
    currentRecordId;
    connected = false;
    latestRequest = 0;

    @api
    get recordId() {
        return this.currentRecordId;
    }
    set recordId(value) {
        this.currentRecordId = value;
        if (this.connected) {
            this.load();
        }
    }

    connectedCallback() {
        this.connected = true;
        this.load();
    }

    disconnectedCallback() {
        this.connected = false;
    }

    get hasNumbers() {
        return this.numbers.length > 0;
    }

    async load() {
        const request = ++this.latestRequest;
        if (!this.currentRecordId || !this.objectApiName) {
            // No record to read (the Lightning App Builder's preview): nothing to load, nothing to report.
            this.numbers = [];
            this.errorText = undefined;
            this.loading = false;
            return;
        }
        this.loading = true;
        try {
            const answer = await fetchRecordNumbers(this.objectApiName, this.currentRecordId);
            if (request === this.latestRequest) {
                this.numbers = answer.numbers.map(toView);
                this.errorText = undefined;
            }
        } catch (error) {
            if (request === this.latestRequest) {
                this.errorText = formatLabel(LOAD_FAILED, error.message);
            }
        } finally {
            if (request === this.latestRequest) {
                this.loading = false;
            }
        }
    }
}

function toView(entry) {
    const verdict = numberVerdict(entry);
    return {
        field: entry.field,
        label: entry.label,
        value: entry.value,
        dialable: verdict.dialable,
        verdict: verdict.text,
        detail: verdict.detail,
        badgeClass: `verdict slds-m-left_x-small slds-theme_${verdict.tone}`
    };
}
