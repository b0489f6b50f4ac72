<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=false; section>
<!-- template: login-keyward-temporary-access-pass-onboarding.ftl -->
    <#if section = "header">
        ${msg("keywardTapOnboardingTitle")}
    <#elseif section = "form">
        <p id="kc-keyward-tap-onboarding-intro" class="${properties.kcFormGroupClass!}">${msg("keywardTapOnboardingIntro")}</p>
        <form id="kc-keyward-tap-onboarding-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <ul class="${properties.kcSelectAuthListClass!}" role="list">
                <#list keywardOnboardingMethods as method>
                    <li class="${properties.kcSelectAuthListItemWrapperClass!}">
                        <button id="kc-keyward-onboard-${method}" class="${properties.kcSelectAuthListItemClass!} pf-v5-u-w-100 pf-v5-u-text-align-left" type="submit" name="onboarding" value="${method}">
                            <div class="pf-v5-c-data-list__item-content pf-v5-u-flex-wrap-wrap">
                                <div class="${properties.kcSelectAuthListItemIconClass!}">
                                    <i class="${(method == "passkey")?then(properties.kcAuthenticatorWebAuthnPasswordlessClass!, properties.kcAuthenticatorOTPClass!)} ${properties.kcSelectAuthListItemIconPropertyClass!}"></i>
                                </div>
                                <div class="${properties.kcSelectAuthListItemBodyClass!}">
                                    <h2 class="${properties.kcSelectAuthListItemHeadingClass!}">${msg("keywardTapOnboard." + method)}</h2>
                                </div>
                                <div class="${properties.kcSelectAuthListItemDescriptionClass!}">${msg("keywardTapOnboard." + method + ".help")}</div>
                            </div>
                            <div class="${properties.kcSelectAuthListItemFillClass!}">
                                <i class="${properties.kcSelectAuthListItemArrowIconClass!}" aria-hidden="true"></i>
                            </div>
                        </button>
                    </li>
                </#list>
            </ul>
            <@buttons.actionGroup>
                <@buttons.button id="kc-keyward-onboard-skip" name="onboarding" value="skip" label="keywardTapOnboardSkip" type="secondary" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
