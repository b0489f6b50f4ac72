<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#assign keywardIcons = {
    "passkey": properties.kcAuthenticatorWebAuthnPasswordlessClass!,
    "securityKey": properties.kcAuthenticatorWebAuthnClass!,
    "authenticatorApp": properties.kcAuthenticatorOTPClass!,
    "email": properties.kcKeywardEmailClass!,
    "recoveryCodes": properties.kcAuthenticatorRecoveryAuthnCodesClass!
}>
<@layout.registrationLayout; section>
<!-- template: login-keyward-security-info.ftl -->
    <#if section = "header">
        <#if keywardSecurityInfoMode == "nudge">${msg("keywardNudgeTitle")}<#else>${msg("keywardSecurityInfoTitle")}</#if>
    <#elseif section = "form">
        <p id="kc-keyward-security-info-intro" class="${properties.kcFormGroupClass!}"><#if keywardSecurityInfoAdding>${msg("keywardSecurityInfoAddIntro")}<#elseif keywardSecurityInfoMode == "nudge">${msg("keywardNudgeIntro")}<#else>${msg("keywardSecurityInfoIntro")}</#if></p>
        <form id="kc-keyward-security-info-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <ul class="${properties.kcSelectAuthListClass!}" aria-labelledby="kc-keyward-security-info-intro">
                <#list keywardSecurityInfoMethods as method>
                    <li class="${properties.kcSelectAuthListItemWrapperClass!}">
                        <button id="kc-keyward-security-info-${method}" class="${properties.kcSelectAuthListItemClass!} pf-v5-u-w-100 pf-v5-u-text-align-left keyward-method-button" type="submit" name="method" value="${method}">
                            <span class="pf-v5-c-data-list__item-content pf-v5-u-flex-wrap-wrap">
                                <span class="${properties.kcSelectAuthListItemBodyClass!}">
                                    <span id="kc-keyward-method-${method}-label" class="${properties.kcSelectAuthListItemHeadingClass!}"><i class="${keywardIcons[method]!} keyward-method-icon" aria-hidden="true"></i>${msg("keywardSecurityInfoMethod." + method)}<#if method == "passkey"> <span class="keyward-recommended">${msg("keywardSecurityInfoRecommended")}</span></#if></span>
                                </span>
                                <span id="kc-keyward-method-${method}-help" class="${properties.kcSelectAuthListItemDescriptionClass!} keyward-method-help">${msg("keywardSecurityInfoMethod." + method + ".help")}</span>
                            </span>
                            <span class="${properties.kcSelectAuthListItemFillClass!}">
                                <i class="${properties.kcSelectAuthListItemArrowIconClass!}" aria-hidden="true"></i>
                            </span>
                        </button>
                    </li>
                </#list>
            </ul>
            <#if keywardSnoozable>
                <p id="kc-keyward-snooze-help" class="${properties.kcFormGroupClass!} keyward-snooze-help"><#if (keywardSnoozeDays!"0") == "0">${msg("keywardSnoozeAgainNextSignIn")}<#elseif keywardSnoozeDays == "1">${msg("keywardSnoozeAgainAfterOneDay")}<#else>${msg("keywardSnoozeAgainAfterDays", keywardSnoozeDays)}</#if><#if keywardSnoozesLeft??> <#if keywardSnoozesLeft == "1">${msg("keywardSnoozesLeftOne")}<#else>${msg("keywardSnoozesLeft", keywardSnoozesLeft)}</#if></#if></p>
                <@buttons.actionGroup>
                    <button class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" id="kc-keyward-not-now" name="method" value="notNow" type="submit" aria-describedby="kc-keyward-snooze-help"><#if keywardSnoozesLeft??>${msg("keywardNotNowLeft", keywardSnoozesLeft)}<#else>${msg("keywardNotNow")}</#if></button>
                </@buttons.actionGroup>
            <#elseif keywardSecurityInfoAdding>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-keyward-security-info-back" name="method" value="back" label="keywardSecurityInfoBack" type="secondary" />
                </@buttons.actionGroup>
            <#elseif keywardSnoozeDays??>
                <p id="kc-keyward-snooze-used-up" class="${properties.kcFormGroupClass!} keyward-snooze-help">${msg("keywardSnoozesUsedUp")}</p>
            </#if>
        </form>
    </#if>
</@layout.registrationLayout>
