/* The text form of one rule's action and conditions, shared by the INI reader
 * and the INI writer:  ACTION [if COND [and COND]...]  where COND is
 * argN OP VALUE | argN & MASK == VALUE | cap:NAME | !cap:NAME. */
#ifndef SCINIT_RULE_TEXT_H
#define SCINIT_RULE_TEXT_H

#include "profile/profile.h"

/* Fills r->action, r->cond, r->caps_all/none; leaves r->nr and r->line. */
int rule_text_parse(const char *text, struct sc_rule *r, struct scerr *e);

#endif
