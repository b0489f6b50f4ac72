<#--
  Keyward: "Always use this method first" on a second-factor page. Shown when the user has several methods and this
  page's method is not their default (Keycloak lists the default first). keyward-mfa-satisfied reads the box after
  the method succeeded and moves the method's credential first. `form` ties the box to a form it is not inside of.
-->
<#macro defaultMethodChoice form="">
    <#if auth?has_content && execution?? && (auth.authenticationSelections)?? && auth.authenticationSelections?size gt 1
            && auth.authenticationSelections[0].authExecId != execution>
        <div class="${properties.kcFormGroupClass!}">
            <div class="${properties.kcCheckboxClass!}">
                <input id="keywardDefaultMethod" class="${properties.kcCheckboxInputClass!}" type="checkbox"
                       name="keywardDefaultMethod" value="on"<#if form?has_content> form="${form}"</#if>>
                <label for="keywardDefaultMethod" class="${properties.kcCheckboxLabelClass!}">${msg("keywardDefaultMethodChoice")}</label>
            </div>
        </div>
    </#if>
</#macro>
