import { LightningElement, api } from 'lwc';
import TITLE from '@salesforce/label/c.ClickToCall_CardTitle';

/** Record-page card for Contacts, Leads and Accounts: the record's numbers to call and its recent calls. */
export default class ClickToCall extends LightningElement {
    @api recordId;
    @api objectApiName;
    title = TITLE;
}
