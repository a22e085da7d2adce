// Working starting points for common destinations. Each renders valid JSON for every incident kind (tested).
import type { TargetInput } from '../../../shared/target'

const ALL_EVENTS: TargetInput['events'] = ['incident.created', 'incident.resolved', 'incident.forwarded']

export const PRESETS: TargetInput[] = [
  {
    preset: 'slack',
    name: 'Slack',
    url: 'https://hooks.slack.com/services/T000/B000/XXXX',
    events: ALL_EVENTS,
    signing: 'none',
    contentType: 'application/json',
    template: `{
  "text": "{{#eq INCIDENT_STATUS 'resolved'}}:white_check_mark: Resolved{{else}}:rotating_light: {{upper INCIDENT_SEVERITY}}{{/eq}}: {{INCIDENT_TITLE}}",
  "blocks": [
    { "type": "section", "text": { "type": "mrkdwn", "text": "*{{INCIDENT_TITLE}}*\\n{{INCIDENT_DESCRIPTION}}" } },
    { "type": "context", "elements": [ { "type": "mrkdwn", "text": "{{SOURCE_NAME}} · {{INCIDENT_APP}} {{INCIDENT_ENVIRONMENT}} · {{INCIDENT_OCCURRENCES}}× · {{INCIDENT_STATUS}}{{#if INCIDENT_URL}} · <{{INCIDENT_URL}}|open>{{/if}}" } ] }
  ]
}`,
  },
  {
    preset: 'teams',
    name: 'Microsoft Teams',
    url: 'https://example.webhook.office.com/webhookb2/XXXX',
    events: ALL_EVENTS,
    signing: 'none',
    contentType: 'application/json',
    template: `{
  "type": "message",
  "attachments": [ {
    "contentType": "application/vnd.microsoft.card.adaptive",
    "content": {
      "type": "AdaptiveCard", "version": "1.4",
      "body": [
        { "type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true, "text": "[{{upper INCIDENT_SEVERITY}}] {{INCIDENT_TITLE}}" },
        { "type": "TextBlock", "wrap": true, "text": "{{INCIDENT_DESCRIPTION}}" },
        { "type": "FactSet", "facts": [
          { "title": "Source", "value": "{{SOURCE_NAME}}" },
          { "title": "Status", "value": "{{INCIDENT_STATUS}}" },
          { "title": "Occurrences", "value": "{{INCIDENT_OCCURRENCES}}" }
        ] }
      ]{{#if INCIDENT_URL}},
      "actions": [ { "type": "Action.OpenUrl", "title": "Open", "url": "{{INCIDENT_URL}}" } ]{{/if}}
    }
  } ]
}`,
  },
  {
    preset: 'discord',
    name: 'Discord',
    url: 'https://discord.com/api/webhooks/000/XXXX',
    events: ALL_EVENTS,
    signing: 'none',
    contentType: 'application/json',
    template: `{
  "content": "{{#eq INCIDENT_STATUS 'resolved'}}Resolved{{else}}{{upper INCIDENT_SEVERITY}}{{/eq}}: {{truncate INCIDENT_TITLE 180}}",
  "embeds": [ {
    "title": "{{truncate INCIDENT_TITLE 250}}",
    "description": "{{truncate INCIDENT_DESCRIPTION 2000}}",
    {{#if INCIDENT_URL}}"url": "{{INCIDENT_URL}}",{{/if}}
    "color": {{#eq INCIDENT_SEVERITY 'critical'}}15158332{{else}}{{#eq INCIDENT_SEVERITY 'error'}}15105570{{else}}16776960{{/eq}}{{/eq}},
    "footer": { "text": "{{SOURCE_NAME}} · {{INCIDENT_OCCURRENCES}} occurrence(s)" }
  } ]
}`,
  },
  {
    preset: 'pagerduty',
    name: 'PagerDuty (Events API v2)',
    url: 'https://events.pagerduty.com/v2/enqueue',
    events: ['incident.created', 'incident.acknowledged', 'incident.resolved', 'incident.forwarded'],
    signing: 'none',
    contentType: 'application/json',
    secrets: { ROUTING_KEY: '' },
    template: `{
  "routing_key": "{{secret 'ROUTING_KEY'}}",
  "event_action": "{{#eq INCIDENT_STATUS 'resolved'}}resolve{{else}}{{#eq INCIDENT_STATUS 'acknowledged'}}acknowledge{{else}}trigger{{/eq}}{{/eq}}",
  "dedup_key": "hookbell-{{INCIDENT_ID}}",
  "payload": {
    "summary": "{{truncate INCIDENT_TITLE 1000}}",
    "source": "{{#if INCIDENT_APP}}{{INCIDENT_APP}}{{else}}{{SOURCE_NAME}}{{/if}}",
    "severity": "{{INCIDENT_SEVERITY}}",
    "component": "{{INCIDENT_ENVIRONMENT}}",
    "custom_details": { "description": "{{INCIDENT_DESCRIPTION}}", "occurrences": {{INCIDENT_OCCURRENCES}}, "frames": {{json EXCEPTION_FRAMES}} }
  }{{#if INCIDENT_URL}},
  "links": [ { "href": "{{INCIDENT_URL}}", "text": "Open in {{SOURCE_NAME}}" } ]{{/if}}
}`,
  },
  {
    preset: 'opsgenie',
    name: 'Opsgenie',
    url: 'https://api.opsgenie.com/v2/alerts',
    events: ['incident.created', 'incident.forwarded'],
    signing: 'none',
    contentType: 'application/json',
    headers: { Authorization: "GenieKey {{secret 'API_KEY'}}" },
    secrets: { API_KEY: '' },
    template: `{
  "message": "{{truncate INCIDENT_TITLE 130}}",
  "alias": "hookbell-{{INCIDENT_ID}}",
  "description": "{{INCIDENT_DESCRIPTION}}{{#if INCIDENT_URL}}\\n{{INCIDENT_URL}}{{/if}}",
  "source": "Hookbell · {{SOURCE_NAME}}",
  "tags": ["hookbell", "{{INCIDENT_KIND}}", "{{INCIDENT_SEVERITY}}"],
  "priority": "{{#eq INCIDENT_SEVERITY 'critical'}}P1{{else}}{{#eq INCIDENT_SEVERITY 'error'}}P2{{else}}{{#eq INCIDENT_SEVERITY 'warning'}}P3{{else}}P5{{/eq}}{{/eq}}{{/eq}}"
}`,
  },
  {
    preset: 'jira',
    name: 'Jira (create issue)',
    url: 'https://your-site.atlassian.net/rest/api/2/issue',
    events: ['incident.forwarded'],
    signing: 'none',
    contentType: 'application/json',
    headers: { Authorization: "Basic {{secret 'BASIC_AUTH'}}", Accept: 'application/json' },
    secrets: { BASIC_AUTH: '', PROJECT_KEY: 'OPS' },
    template: `{
  "fields": {
    "project": { "key": "{{secret 'PROJECT_KEY'}}" },
    "issuetype": { "name": "Bug" },
    "summary": "{{truncate INCIDENT_TITLE 250}}",
    "description": "{{INCIDENT_DESCRIPTION}}\\n\\nSource: {{SOURCE_NAME}} ({{INCIDENT_APP}} {{INCIDENT_ENVIRONMENT}})\\nOccurrences: {{INCIDENT_OCCURRENCES}}\\nFirst seen: {{INCIDENT_FIRST_SEEN}}{{#if INCIDENT_URL}}\\n{{INCIDENT_URL}}{{/if}}{{#each EXCEPTION_FRAMES}}\\n  at {{this}}{{/each}}",
    "labels": ["hookbell", "{{INCIDENT_SEVERITY}}"]
  }
}`,
  },
]
